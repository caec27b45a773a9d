/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "seg-pca.h"

#include <gsl/gsl_eigen.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include <math.h>
#include <stdlib.h>

/**
 * seg_pca:
 * @x: n × d points
 * @n_components: how many axes to keep (at most d)
 * @components: (nullable): n_components × d unit axes out
 * @explained_variance: (nullable): n_components variances out, with the
 *   n − 1 denominator as scikit-learn reports them
 * @explained_ratio: (nullable): their shares of the total variance
 * @projected: (nullable): n × n_components coordinates out, for the map
 *
 * Principal components from the covariance matrix's eigenvectors (GSL's
 * symmetric eigensolver). Each axis points so that its largest-magnitude
 * loading is positive, which makes the sign repeatable.
 *
 * Returns: 0, or -1 on bad arguments or a solver failure
 */
int
seg_pca (const double *x,
         size_t        n,
         size_t        d,
         size_t        n_components,
         double       *components,
         double       *explained_variance,
         double       *explained_ratio,
         double       *projected)
{
  gsl_matrix *cov;
  gsl_matrix *vectors;
  gsl_vector *values;
  gsl_eigen_symmv_workspace *work;
  double *mean;
  double *upper;
  double *axes;
  double *signs;
  double total = 0.0;
  int status;

  if (n < 2 || d == 0 || n_components == 0 || n_components > d)
    return -1;

  mean = calloc (d, sizeof (double));
  upper = calloc (d * d, sizeof (double));
  axes = malloc (n_components * d * sizeof (double));
  signs = malloc (n_components * sizeof (double));
  for (size_t i = 0; i < n; i++)
    for (size_t j = 0; j < d; j++)
      mean[j] += x[i * d + j] / n;

  /* Each entry of the upper triangle is its own sum over the rows, in row
   * order, whichever core adds it up: the cores share the rows' columns
   * a, not the rows, so the sums do not depend on the threads. */
#pragma omp parallel for schedule(dynamic, 1) if (n * d > 100000)
  for (size_t a = 0; a < d; a++)
    {
      double *row = upper + a * d;

      for (size_t i = 0; i < n; i++)
        {
          const double *p = x + i * d;
          double da = p[a] - mean[a];

          for (size_t b = a; b < d; b++)
            row[b] += da * (p[b] - mean[b]);
        }
    }
  cov = gsl_matrix_alloc (d, d);
  for (size_t a = 0; a < d; a++)
    for (size_t b = a; b < d; b++)
      {
        double v = upper[a * d + b] / (n - 1);

        gsl_matrix_set (cov, a, b, v);
        gsl_matrix_set (cov, b, a, v);
      }

  values = gsl_vector_alloc (d);
  vectors = gsl_matrix_alloc (d, d);
  work = gsl_eigen_symmv_alloc (d);
  status = gsl_eigen_symmv (cov, values, vectors, work);
  gsl_eigen_symmv_free (work);

  if (status == 0)
    {
      gsl_eigen_symmv_sort (values, vectors, GSL_EIGEN_SORT_VAL_DESC);

      for (size_t j = 0; j < d; j++)
        total += fmax (gsl_vector_get (values, j), 0.0);

      for (size_t c = 0; c < n_components; c++)
        {
          double variance = fmax (gsl_vector_get (values, c), 0.0);
          double largest = 0.0;
          double sign = 1.0;

          for (size_t j = 0; j < d; j++)
            if (fabs (gsl_matrix_get (vectors, j, c)) > largest)
              {
                largest = fabs (gsl_matrix_get (vectors, j, c));
                sign = gsl_matrix_get (vectors, j, c) < 0 ? -1.0 : 1.0;
              }

          if (explained_variance != NULL)
            explained_variance[c] = variance;
          if (explained_ratio != NULL)
            explained_ratio[c] = total > 0 ? variance / total : 0.0;
          if (components != NULL)
            for (size_t j = 0; j < d; j++)
              components[c * d + j] = sign * gsl_matrix_get (vectors, j, c);
          for (size_t j = 0; j < d; j++)
            axes[c * d + j] = gsl_matrix_get (vectors, j, c);
          signs[c] = sign;
        }

      /* Each row's place is its own, so the rows split over the cores. */
      if (projected != NULL)
#pragma omp parallel for schedule(static) if (n * d > 100000)
        for (size_t i = 0; i < n; i++)
          for (size_t c = 0; c < n_components; c++)
            {
              const double *axis = axes + c * d;
              double sum = 0.0;

              for (size_t j = 0; j < d; j++)
                sum += (x[i * d + j] - mean[j]) * signs[c] * axis[j];
              projected[i * n_components + c] = sum;
            }
    }

  gsl_vector_free (values);
  gsl_matrix_free (vectors);
  gsl_matrix_free (cov);
  free (mean);
  free (upper);
  free (axes);
  free (signs);

  return status == 0 ? 0 : -1;
}
