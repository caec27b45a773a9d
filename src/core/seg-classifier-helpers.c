/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "seg-classifier-model.h"
#include "seg-error.h"

/*
 * seg_design_dense_codes:
 *
 * A copy of @design's values where a category code of -1 (a missing
 * text, or a level the training rows did not have) becomes one more
 * level after the known ones, so that the Bayes kernels, which count
 * codes from 0, take it: the training rows' missing values form a state
 * of their own, and a level unknown to the fit is left out of the row.
 *
 * Returns: (transfer full): n × p values
 */
double *
seg_design_dense_codes (const SegDesign *design)
{
  double *x = g_memdup2 (design->x, design->n * design->p * sizeof *x);

  if (design->categorical == NULL)
    return x;
  for (size_t i = 0; i < design->n; i++)
    for (size_t j = 0; j < design->p; j++)
      if (design->categorical[j] && x[i * design->p + j] < 0)
        x[i * design->p + j] = (double) design->levels[j];

  return x;
}

/*
 * seg_classifier_fit_error:
 *
 * Passes a kernel's failure on: a cancel stays a cancel, the rest is
 * input the user can fix, so it names the option that chose it.
 *
 * Returns: NULL
 */
gpointer
seg_classifier_fit_error (GError **error,
                          GError  *local_error)
{
  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_propagate_error (error, local_error);
  else
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                   "--features: %s", local_error->message);
      g_error_free (local_error);
    }
  return NULL;
}
