/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "seg-offer-list.h"

G_BEGIN_DECLS

void    seg_offer_list_set_early_rows (SegOfferList         *self,
                                       guint                 n_rows);
GArray *seg_offer_list_dup_early      (SegOfferList         *self,
                                       const SegOfferFilter *filter);

G_END_DECLS
