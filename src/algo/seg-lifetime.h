/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <stddef.h>
#include <stdint.h>

#include "seg-progress.h"

G_BEGIN_DECLS

/*
 * What each customer is worth: buy-till-you-die purchase models and a
 * spend model over per-customer summaries.
 *
 * - The summary: from dated purchases, for every customer the number of
 *   repeat purchase periods (frequency x), the time from the first to the
 *   last purchase (recency t_x), the time from the first purchase to the
 *   end of the calibration (T), and the mean value of the repeat purchase
 *   periods (monetary), as the lifetimes library's
 *   summary_data_from_transaction_data defines them.
 * - BG/NBD (Fader, Hardie & Lee, "Counting your customers the easy way",
 *   2005) and Pareto/NBD (Schmittlein, Morrison & Colombo 1987, in the
 *   form of Fader & Hardie's 2005 note): purchases while alive, fitted by
 *   maximum likelihood on the logarithms of their parameters.
 * - Gamma–Gamma (Fader, Hardie & Lee, "RFM and CLV", 2005): the mean
 *   spend of repeat customers.
 * - Customer lifetime value over a horizon of months, discounted monthly,
 *   as lifetimes' customer_lifetime_value computes it, times a margin.
 *
 * Fits minimise the mean negative log-likelihood plus penalty · Σ (log θ)²
 * with BFGS and fall back to Nelder–Mead; when neither converges, or the
 * parameters run off to absurd values (the data cannot tell them apart,
 * as when nobody bought twice), they retry with a penalty ten times
 * larger, from 1e-4 up to max_penalty. The penalty used is in the fit's
 * information.
 */

#define SEG_LIFETIME_ERROR (seg_lifetime_error_quark ())

typedef enum
{
  SEG_LIFETIME_ERROR_INPUT,        /* a value or an option that cannot be used */
  SEG_LIFETIME_ERROR_NO_CONVERGENCE,
  SEG_LIFETIME_ERROR_CORRUPT,      /* stored parameters that cannot be read */
} SegLifetimeError;

GQuark seg_lifetime_error_quark (void);

/* ---- Per-customer summary ---------------------------------------------- */

typedef enum
{
  SEG_LIFETIME_PERIOD_DAY,   /* purchases on one day count once */
  SEG_LIFETIME_PERIOD_WEEK,  /* purchases in one calendar week (Monday to Sunday) count once */
} SegLifetimePeriod;

typedef struct
{
  SegLifetimePeriod period;      /* default SEG_LIFETIME_PERIOD_DAY */
  double            multiplier;  /* periods per time unit of the results
                                  * (lifetimes' freq_multiplier); 7 with days
                                  * gives weeks as days / 7; default 1 */
} SegLifetimeSummaryParams;

void   seg_lifetime_summary_params_init (SegLifetimeSummaryParams *params);

/*
 * Summarises @n_rows purchases: row i is customer @customer[i] (0 to
 * @n_customers - 1) buying on day @day[i] (days since 1970-01-01) for
 * @value[i] (nullable: then monetary is 0). Rows after @end_day are left
 * out. Writes n_customers values into each output array (nullable ones
 * are skipped); @seen[c] (nullable) is 1 when customer c bought by
 * @end_day, else 0 and the customer's other values are 0.
 *
 * Returns: the number of customers seen, or -1 with @error set (a
 * customer index out of range or a value that is not finite names its
 * row, counted from 1).
 */
gssize seg_lifetime_summarize           (const uint32_t                 *customer,
                                         const int32_t                  *day,
                                         const double                   *value,
                                         size_t                          n_rows,
                                         size_t                          n_customers,
                                         int32_t                         end_day,
                                         const SegLifetimeSummaryParams *params,
                                         double                         *frequency,
                                         double                         *recency,
                                         double                         *T,
                                         double                         *monetary,
                                         uint8_t                        *seen,
                                         GError                        **error);

/* ---- Fitting ------------------------------------------------------------ */

typedef struct
{
  double penalty;         /* L2 penalty on the log parameters to start with; default 0 */
  double max_penalty;     /* the largest the automatic retries go to; default 1 */
  int    max_iterations;  /* per optimiser run; default 1000 */
  double tolerance;       /* on the gradient of the mean log-likelihood; default 1e-9 */
} SegLifetimeFitParams;

void   seg_lifetime_fit_params_init (SegLifetimeFitParams *params);

typedef enum
{
  SEG_LIFETIME_OPTIMIZER_BFGS,
  SEG_LIFETIME_OPTIMIZER_NELDER_MEAD,
} SegLifetimeOptimizer;

/* How a fit went. */
typedef struct
{
  double               log_likelihood;  /* total, without the penalty */
  double               penalty;         /* the penalty of the fit kept */
  int                  iterations;      /* of the optimiser that converged */
  int                  attempts;        /* optimiser runs, over all penalties */
  SegLifetimeOptimizer optimizer;
} SegLifetimeFitInfo;

/* ---- Purchase models: BG/NBD and Pareto/NBD ------------------------------ */

typedef enum
{
  SEG_PURCHASE_BGNBD = 1,       /* parameters r, alpha, a, b */
  SEG_PURCHASE_PARETO_NBD = 2,  /* parameters r, alpha, s, beta */
} SegPurchaseKind;

typedef struct _SegPurchaseModel SegPurchaseModel;

/*
 * Fits @kind to @n customers with @x repeat purchases, recency @t_x and
 * age @T (0 <= t_x <= T, x = 0 when t_x = 0, x >= 0 and finite),
 * @weight (nullable) counting each row that many times. Returns NULL
 * with @error set for bad input (naming the row, counted from 1), for a
 * cancel (G_IO_ERROR_CANCELLED) or when no penalty up to max_penalty lets
 * the fit converge.
 */
SegPurchaseModel *seg_purchase_model_fit        (SegPurchaseKind             kind,
                                                 const double               *x,
                                                 const double               *t_x,
                                                 const double               *T,
                                                 const double               *weight,
                                                 size_t                      n,
                                                 const SegLifetimeFitParams *params,
                                                 const SegMonitor           *monitor,
                                                 GError                    **error);
/* A model with given parameters (all finite and positive). */
SegPurchaseModel *seg_purchase_model_new        (SegPurchaseKind             kind,
                                                 const double                params[4],
                                                 GError                    **error);
void              seg_purchase_model_free       (SegPurchaseModel           *model);
SegPurchaseKind   seg_purchase_model_get_kind   (const SegPurchaseModel     *model);
void              seg_purchase_model_get_params (const SegPurchaseModel     *model,
                                                 double                      params[4]);
const SegLifetimeFitInfo *
                  seg_purchase_model_get_info   (const SegPurchaseModel     *model);
/* The total log-likelihood of @n customers (no penalty). */
double            seg_purchase_model_log_likelihood (const SegPurchaseModel *model,
                                                     const double           *x,
                                                     const double           *t_x,
                                                     const double           *T,
                                                     const double           *weight,
                                                     size_t                  n);
/* Expected purchases in the next @t time units, for each of @n customers. */
void              seg_purchase_model_predict    (const SegPurchaseModel     *model,
                                                 double                      t,
                                                 const double               *x,
                                                 const double               *t_x,
                                                 const double               *T,
                                                 size_t                      n,
                                                 double                     *out);
/* The probability that each customer is still a customer at T. */
void              seg_purchase_model_p_alive    (const SegPurchaseModel     *model,
                                                 const double               *x,
                                                 const double               *t_x,
                                                 const double               *T,
                                                 size_t                      n,
                                                 double                     *out);
/* Expected purchases in (0, t] of a customer who has just arrived. */
double            seg_purchase_model_expected_new (const SegPurchaseModel   *model,
                                                   double                    t);
GBytes           *seg_purchase_model_to_bytes   (const SegPurchaseModel     *model);
SegPurchaseModel *seg_purchase_model_from_bytes (GBytes                     *bytes,
                                                 GError                    **error);

/* ---- Spend: Gamma–Gamma -------------------------------------------------- */

typedef struct _SegSpendModel SegSpendModel;

/*
 * Fits p, q and v to the customers with x > 0 repeat purchases and a
 * mean repeat spend @monetary > 0; others are left out (they say nothing
 * of the spread of spend). Fails with SEG_LIFETIME_ERROR_INPUT when fewer
 * than two customers are left or a value is not finite.
 */
SegSpendModel    *seg_spend_model_fit           (const double               *x,
                                                 const double               *monetary,
                                                 const double               *weight,
                                                 size_t                      n,
                                                 const SegLifetimeFitParams *params,
                                                 const SegMonitor           *monitor,
                                                 GError                    **error);
SegSpendModel    *seg_spend_model_new           (const double                params[3],
                                                 GError                    **error);
void              seg_spend_model_free          (SegSpendModel              *model);
void              seg_spend_model_get_params    (const SegSpendModel        *model,
                                                 double                      params[3]);
const SegLifetimeFitInfo *
                  seg_spend_model_get_info      (const SegSpendModel        *model);
/*
 * The expected mean spend of each customer's future purchases, given x
 * repeat purchases of mean @monetary: a weighted mean of the customer's
 * own and the population's mean, p v / (q - 1). Customers with x = 0 get
 * the population's, which is INFINITY when q <= 1.
 */
void              seg_spend_model_predict       (const SegSpendModel        *model,
                                                 const double               *x,
                                                 const double               *monetary,
                                                 size_t                      n,
                                                 double                     *out);
GBytes           *seg_spend_model_to_bytes      (const SegSpendModel        *model);
SegSpendModel    *seg_spend_model_from_bytes    (GBytes                     *bytes,
                                                 GError                    **error);

/*
 * The Gamma–Gamma model assumes that how often and how much a customer
 * buys are unrelated: the Pearson correlation between x and monetary over
 * the repeat customers (NAN when fewer than two, or either does not
 * vary), and a sentence for the user that says what it means.
 */
double            seg_spend_independence        (const double               *x,
                                                 const double               *monetary,
                                                 size_t                      n);
char             *seg_spend_independence_text   (double                      correlation);

/* ---- Customer lifetime value -------------------------------------------- */

typedef struct
{
  int    months;             /* horizon; default 12 */
  double margin;             /* share of the spend that is profit; default 1 */
  double discount_rate;      /* per month; default 0.01 */
  double units_per_month;    /* time units of the models in a month: 30 for
                              * days, 4.345 for weeks (lifetimes' factors);
                              * default 30 */
} SegClvParams;

void     seg_clv_params_init (SegClvParams *params);

/*
 * Σ over months m = 1..months of margin · spend · (E[Y(m·u)] − E[Y((m−1)·u)])
 * / (1 + discount_rate)^m, with u = units_per_month and spend from
 * seg_spend_model_predict(). Fails with SEG_LIFETIME_ERROR_INPUT when a
 * customer's expected spend is not finite, or on a cancel.
 */
gboolean seg_clv                  (const SegPurchaseModel *purchases,
                                   const SegSpendModel    *spend,
                                   const double           *x,
                                   const double           *t_x,
                                   const double           *T,
                                   const double           *monetary,
                                   size_t                  n,
                                   const SegClvParams     *params,
                                   const SegMonitor       *monitor,
                                   double                 *out,
                                   GError                **error);

/* The Gauss hypergeometric function 2F1(a, b; c; z) for 0 <= z < 1 as a
 * logarithm and a sign, by its series summed with rescaling so that
 * large a and b do not overflow; FALSE when the series does not settle. */
gboolean seg_log_hyp2f1           (double  a,
                                   double  b,
                                   double  c,
                                   double  z,
                                   double *log_abs,
                                   int    *sign);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SegPurchaseModel, seg_purchase_model_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SegSpendModel, seg_spend_model_free)

G_END_DECLS
