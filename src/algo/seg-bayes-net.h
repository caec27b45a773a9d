/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "seg-progress.h"

G_BEGIN_DECLS

/* Equal-frequency bins for a number column: writes at most bins - 1
 * increasing cut points and returns how many. A value v falls in bin
 * b = the number of cuts below v, so bin 0 is v ≤ cuts[0]. NaNs are
 * left out; equal cuts (many equal values) are merged. */
size_t seg_bins_equal_frequency (const double *column,
                                 size_t        n,
                                 size_t        stride,
                                 size_t        bins,
                                 double       *cuts);
size_t seg_bins_find            (const double *cuts,
                                 size_t        n_cuts,
                                 double        value);

typedef enum
{
  SEG_BAYES_PRIOR_UNIFORM,  /* alpha added to every cell of a CPT */
  SEG_BAYES_PRIOR_BDEU,     /* alpha is the equivalent sample size */
} SegBayesPrior;

typedef enum
{
  SEG_BAYES_STRUCTURE_TAN,    /* class → every feature plus a Chow–Liu tree */
  SEG_BAYES_STRUCTURE_NAIVE,  /* class → every feature */
} SegBayesStructure;

typedef struct
{
  size_t             bins;        /* for number columns */
  double             alpha;
  SegBayesPrior      prior;
  SegBayesStructure  structure;
  /* Optional: p column names, the class name and class state labels,
   * and for category columns their state labels (NULL-terminated, one
   * per code; NULL for "0", "1", …). */
  const char *const *names;
  const char        *class_name;
  const char *const *class_labels;
  const char *const *const *category_labels;
} SegBayesNetParams;

void seg_bayes_net_params_init (SegBayesNetParams *params);

typedef struct _SegBayesNet SegBayesNet;

SegBayesNet *seg_bayes_net_fit          (const double            *x,
                                         size_t                   n,
                                         size_t                   p,
                                         const double            *y,
                                         const double            *weight,
                                         const gboolean          *categorical,
                                         const SegBayesNetParams *params,
                                         const SegMonitor        *monitor,
                                         GError                 **error);
void         seg_bayes_net_free         (SegBayesNet             *net);

/* Nodes 0..p-1 are the columns, node p is the class. */
size_t       seg_bayes_net_n_nodes      (const SegBayesNet       *net);
size_t       seg_bayes_net_class_node   (const SegBayesNet       *net);
const char  *seg_bayes_net_node_name    (const SegBayesNet       *net,
                                         size_t                   node);
size_t       seg_bayes_net_n_states     (const SegBayesNet       *net,
                                         size_t                   node);
const char  *seg_bayes_net_state_label  (const SegBayesNet       *net,
                                         size_t                   node,
                                         size_t                   state);
const double *seg_bayes_net_cuts        (const SegBayesNet       *net,
                                         size_t                   node,
                                         size_t                  *n_cuts);
gboolean     seg_bayes_net_has_arrow    (const SegBayesNet       *net,
                                         size_t                   from,
                                         size_t                   to);
const size_t *seg_bayes_net_parents     (const SegBayesNet       *net,
                                         size_t                   node,
                                         size_t                  *n_parents);
size_t       seg_bayes_net_arrows       (const SegBayesNet       *net,
                                         size_t                  *from,
                                         size_t                  *to);
const double *seg_bayes_net_cpt         (const SegBayesNet       *net,
                                         size_t                   node,
                                         size_t                  *n_configs);
double       seg_bayes_net_mutual_information (const SegBayesNet *net,
                                         size_t                   a,
                                         size_t                   b);

gboolean     seg_bayes_net_add_arrow    (SegBayesNet             *net,
                                         size_t                   from,
                                         size_t                   to,
                                         GError                 **error);
gboolean     seg_bayes_net_remove_arrow (SegBayesNet             *net,
                                         size_t                   from,
                                         size_t                   to,
                                         GError                 **error);

gboolean     seg_bayes_net_query        (const SegBayesNet       *net,
                                         size_t                   query,
                                         const int               *evidence,
                                         double                  *posterior,
                                         GError                 **error);
gboolean     seg_bayes_net_encode_row   (const SegBayesNet       *net,
                                         const double            *row,
                                         int                     *states,
                                         GError                 **error);
gboolean     seg_bayes_net_predict_proba (const SegBayesNet      *net,
                                         const double            *x,
                                         size_t                   m,
                                         double                  *proba,
                                         GError                 **error);
gboolean     seg_bayes_net_predict      (const SegBayesNet       *net,
                                         const double            *x,
                                         size_t                   m,
                                         double                  *proba1,
                                         GError                 **error);

GBytes      *seg_bayes_net_to_bytes     (const SegBayesNet       *net);
SegBayesNet *seg_bayes_net_from_bytes   (GBytes                  *bytes,
                                         GError                 **error);

/* For tests: builds a network by hand from states and arrows, and sets
 * a node's CPT (n_configs × n_states, parents in increasing order, the
 * last parent changing fastest). */
SegBayesNet *seg_bayes_net_new          (size_t                   n_nodes,
                                         const size_t            *n_states,
                                         const char *const       *names);
gboolean     seg_bayes_net_set_cpt      (SegBayesNet             *net,
                                         size_t                   node,
                                         const double            *cpt,
                                         GError                 **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SegBayesNet, seg_bayes_net_free)

G_END_DECLS
