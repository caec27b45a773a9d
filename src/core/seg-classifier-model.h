/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "seg-predict-model.h"

G_BEGIN_DECLS

/*
 * The classification models' choices, as enums whose nicks are what the
 * dialog, the command line and the run record show.
 */

typedef enum
{
  SEG_PENALTY_NONE,
  SEG_PENALTY_L2,
  SEG_PENALTY_L1,
  SEG_PENALTY_ELASTICNET,
} SegPenalty;

typedef enum
{
  SEG_CLASS_WEIGHT_NONE,
  SEG_CLASS_WEIGHT_BALANCED,
} SegClassWeight;

typedef enum
{
  SEG_SPLIT_GINI,
  SEG_SPLIT_ENTROPY,
} SegSplitCriterion;

typedef enum
{
  SEG_NET_STRUCTURE_TAN,
  SEG_NET_STRUCTURE_NAIVE,
} SegNetStructure;

double   *seg_design_dense_codes   (const SegDesign  *design);
gpointer  seg_classifier_fit_error (GError          **error,
                                    GError           *local_error);

G_END_DECLS
