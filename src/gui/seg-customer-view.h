/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "seg-customer.h"
#include "seg-project.h"

G_BEGIN_DECLS

#define SEG_TYPE_CUSTOMER_VIEW (seg_customer_view_get_type ())

G_DECLARE_FINAL_TYPE (SegCustomerView, seg_customer_view, SEG, CUSTOMER_VIEW, AdwBin)

GtkWidget   *seg_customer_view_new          (void);
void         seg_customer_view_show         (SegCustomerView *self,
                                             SegProject      *project,
                                             const char      *key,
                                             gint64           run);
void         seg_customer_view_clear        (SegCustomerView *self);
const char  *seg_customer_view_get_key      (SegCustomerView *self);
gboolean     seg_customer_view_get_loading  (SegCustomerView *self);
SegCustomer *seg_customer_view_get_customer (SegCustomerView *self);
const char  *seg_customer_view_get_error    (SegCustomerView *self);
char        *seg_customer_view_copy_offer   (SegCustomerView *self);

/* For the tests: the cards' lists of rows. */
GtkWidget   *seg_customer_view_get_card     (SegCustomerView *self,
                                             const char      *name);

G_END_DECLS
