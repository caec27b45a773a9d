/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "seg-project.h"

G_BEGIN_DECLS

/*
 * One customer, gathered from every table and run that knows them: their
 * row of the customers table, their RFM scores, their cluster in each
 * clustering run, their orders, the products they buy most and the offers
 * of a recommendation run. This is what a person reads before making a
 * customer an offer; nothing here writes to the project.
 *
 * The order lines are found as the newest recommendation run read them
 * (its table and its customer, product and date columns), else as an RFM
 * scoring read them, else by the columns' names; the customers and
 * products tables are the imported tables with a column named as the
 * order lines' customer or product column (or a usual name for one).
 */

#define SEG_CUSTOMER_ERROR (seg_customer_error_quark ())

/**
 * SegCustomerError:
 * @SEG_CUSTOMER_ERROR_UNKNOWN: no table of the project knows the customer
 * @SEG_CUSTOMER_ERROR_NO_DATA: the project has neither order lines nor a
 *   customers table to look in
 */
typedef enum
{
  SEG_CUSTOMER_ERROR_UNKNOWN,
  SEG_CUSTOMER_ERROR_NO_DATA,
} SegCustomerError;

GQuark seg_customer_error_quark (void);

/* A column of the customer's row in the customers table. */
typedef struct
{
  char *column;
  char *value;  /* nullable */
} SegCustomerField;

/* The customer's row of a table the RFM scoring wrote. */
typedef struct
{
  char   *table;
  char   *as_of;      /* nullable: the day the scores are as of */
  gint64  recency;    /* days since the last order */
  gint64  frequency;  /* orders */
  double  monetary;   /* spend */
  int     r_score;    /* 1 to 5 */
  int     f_score;
  int     m_score;
  char   *segment;    /* as stored, such as "Champions" */
} SegCustomerRfm;

/* The customer's cluster in one clustering run. */
typedef struct
{
  gint64  run;
  char   *title;    /* the run's algorithm, for people */
  int     cluster;  /* from 1; 0 when the run placed them in none */
  char   *name;     /* nullable: the cluster's name, as the Segments page says it */
} SegCustomerCluster;

/* A product the customer bought, with how much of it. */
typedef struct
{
  char   *item;
  char   *name;      /* nullable: from the products table */
  gint64  orders;    /* orders with it */
  gint64  lines;
  double  quantity;  /* NAN without a quantity column */
  double  spend;     /* NAN without a value */
} SegCustomerProduct;

#define SEG_TYPE_CUSTOMER_ORDER (seg_customer_order_get_type ())

G_DECLARE_FINAL_TYPE (SegCustomerOrder, seg_customer_order, SEG, CUSTOMER_ORDER, GObject)

const char *seg_customer_order_get_invoice  (SegCustomerOrder *self);
const char *seg_customer_order_get_date     (SegCustomerOrder *self);
guint       seg_customer_order_get_n_lines  (SegCustomerOrder *self);
double      seg_customer_order_get_total    (SegCustomerOrder *self);
const char *seg_customer_order_get_products (SegCustomerOrder *self);

#define SEG_TYPE_CUSTOMER_ORDERS (seg_customer_orders_get_type ())

/* The customer's orders, newest first, as a list model of SegCustomerOrder
 * that reads the products of its orders a page at a time. */
G_DECLARE_FINAL_TYPE (SegCustomerOrders, seg_customer_orders, SEG, CUSTOMER_ORDERS, GObject)

typedef struct
{
  char       *key;
  char       *customers_table;  /* nullable */
  char       *key_column;       /* nullable: its column of customer keys */
  GPtrArray  *fields;           /* of SegCustomerField: the customer's row, empty without one */
  const char *name;             /* nullable; these four point into @fields */
  const char *email;
  const char *phone;
  const char *city;

  char       *orders_table;     /* nullable: the order lines */
  char       *customer_column;
  char       *item_column;      /* nullable */
  char       *date_column;      /* nullable */
  char       *invoice_column;   /* nullable: lines of one order share it */
  char       *products_table;   /* nullable: where the product names are */
  gint64      orders;           /* orders with something bought */
  gint64      returns;          /* orders that only gave back */
  gint64      lines;
  double      spend;            /* what was bought, NAN without a value column */
  double      returned;         /* the value given back, as a positive sum */
  char       *first_order;      /* nullable: dates as stored */
  char       *last_order;
  SegCustomerOrders *history;   /* nullable without order lines */

  GPtrArray  *rfm;              /* of SegCustomerRfm */
  GPtrArray  *clusters;         /* of SegCustomerCluster, by run */
  GPtrArray  *products;         /* of SegCustomerProduct, most often bought first */
  GPtrArray  *products_by_spend; /* the same, most spent on first */

  gint64      offers_run;       /* 0 without a recommendation run */
  char       *offers_title;     /* nullable */
  GPtrArray  *offers;           /* of SegOffer, best first */
} SegCustomer;

void         seg_customer_free          (SegCustomer          *customer);
char        *seg_customer_get_display_name (SegCustomer       *customer);
char        *seg_customer_format_offer  (SegCustomer          *customer,
                                         guint                 n_products);
char        *seg_customer_format_quantity (double              quantity);
char        *seg_project_find_customer_key_column (SegProject  *project,
                                                   const char  *table);
gboolean     seg_project_find_products  (SegProject           *project,
                                         const char           *orders,
                                         const char           *item,
                                         char                **products,
                                         char                **product_key,
                                         char                **product_name);
SegCustomer *seg_project_get_customer   (SegProject           *project,
                                         const char           *key,
                                         gint64                offers_run,
                                         GError              **error);
void         seg_project_get_customer_async  (SegProject           *project,
                                              const char           *key,
                                              gint64                offers_run,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
SegCustomer *seg_project_get_customer_finish (SegProject           *project,
                                              GAsyncResult         *result,
                                              GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SegCustomer, seg_customer_free)

/**
 * SegOrderRole:
 *
 * The columns of an order-lines table that seg_orders_guess_column()
 * recognises by their usual names, in English and Chinese.
 */
typedef enum
{
  SEG_ORDER_ROLE_CUSTOMER,
  SEG_ORDER_ROLE_ITEM,
  SEG_ORDER_ROLE_DATE,
  SEG_ORDER_ROLE_INVOICE,
  SEG_ORDER_ROLE_AMOUNT,
  SEG_ORDER_ROLE_QUANTITY,
  SEG_ORDER_ROLE_PRICE,
} SegOrderRole;

const char *seg_orders_guess_column (SegTableInfo *info,
                                     SegOrderRole  role);
const char *const *seg_orders_column_guesses (SegOrderRole role);

G_END_DECLS
