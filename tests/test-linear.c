/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "seg-linear.h"

/* Golden test: coefficients, standard errors, t and p values, R² and
 * adjusted R² equal statsmodels' OLS and WLS within 1e-8, and ridge
 * coefficients scikit-learn's Ridge (tests/data/linear-golden.txt,
 * written by make-golden-linear.py). */

static void
assert_close (double      ours,
              double      theirs,
              double      tolerance,
              const char *what)
{
  double scale = MAX (1.0, fabs (theirs));

  if (!(fabs (ours - theirs) <= tolerance * scale))
    g_error ("%s: ours %.17g, reference %.17g", what, ours, theirs);
}

static double *
parse_row (const char *line,
           const char *label,
           gsize       count)
{
  g_auto(GStrv) w = g_strsplit (line, " ", -1);
  double *values = g_new (double, count);

  g_assert_cmpstr (w[0], ==, label);
  g_assert_cmpuint (g_strv_length (w), ==, count + 1);
  for (gsize j = 0; j < count; j++)
    values[j] = g_ascii_strtod (w[j + 1], NULL);

  return values;
}

/* The standard errors, t and p values and the summary that follow a
 * least-squares case in the golden file. */
static void
check_inference (const SegLinear  *fit,
                 GStrv             lines,
                 gsize            *line)
{
  gsize p = seg_linear_n_features (fit);
  g_autofree double *bse = parse_row (lines[(*line)++], "bse", p + 1);
  g_autofree double *t = parse_row (lines[(*line)++], "t", p + 1);
  g_autofree double *pv = parse_row (lines[(*line)++], "p", p + 1);
  g_autofree double *summary = parse_row (lines[(*line)++], "summary", 5);
  const SegLinearSummary *s = seg_linear_summary (fit);

  for (gsize j = 0; j <= p; j++)
    {
      assert_close (seg_linear_std_errors (fit)[j], bse[j], 1e-8, "bse");
      assert_close (seg_linear_t_values (fit)[j], t[j], 1e-8, "t");
      /* p values down to 1e-45: relative to their own size. */
      assert_close (seg_linear_p_values (fit)[j] / pv[j], 1.0, 1e-8, "p");
    }
  assert_close (s->r_squared, summary[0], 1e-8, "R²");
  assert_close (s->adj_r_squared, summary[1], 1e-8, "adjusted R²");
  assert_close (s->sigma, summary[2], 1e-8, "sigma");
  assert_close (s->f_statistic, summary[3], 1e-8, "F");
  assert_close (s->f_pvalue / summary[4], 1.0, 1e-8, "F p");
}

static void
test_golden (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "linear-golden.txt", NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree double *x = NULL;
  g_autofree double *y = NULL;
  g_autofree double *w = NULL;
  gsize n, p, line = 1, cases = 0;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  lines = g_strsplit (text, "\n", -1);
  g_assert_cmpint (sscanf (lines[line++], "data %zu %zu", &n, &p), ==, 2);
  x = g_new (double, n * p);
  y = g_new (double, n);
  w = g_new (double, n);
  for (gsize i = 0; i < n; i++, line++)
    {
      g_auto(GStrv) v = g_strsplit (lines[line], " ", -1);

      y[i] = g_ascii_strtod (v[0], NULL);
      w[i] = g_ascii_strtod (v[1], NULL);
      for (gsize j = 0; j < p; j++)
        x[i * p + j] = g_ascii_strtod (v[2 + j], NULL);
    }

  while (lines[line] != NULL && g_str_has_prefix (lines[line], "case "))
    {
      char name[64];
      double alpha;
      int weighted;
      SegLinearParams params;
      g_autoptr(SegLinear) fit = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree double *coef = NULL;
      const double *ours;

      g_assert_cmpint (sscanf (lines[line++], "case %63s %lf %d", name, &alpha, &weighted), ==, 3);
      seg_linear_params_init (&params);
      params.alpha = alpha;
      fit = seg_linear_fit (x, n, p, y, weighted ? w : NULL, &params, NULL, &error);
      g_assert_no_error (error);
      coef = parse_row (lines[line++], "coef", p + 1);
      ours = seg_linear_coefficients (fit);
      for (gsize j = 0; j <= p; j++)
        assert_close (ours[j], coef[j], 1e-8, name);

      if (alpha == 0)
        check_inference (fit, lines, &line);
      cases++;
    }
  g_assert_cmpuint (cases, ==, 4);
}

/* Real data: the CDNOW customers who bought again, their mean purchase
 * value against how often and when they bought, as statsmodels fits it. */
static void
test_cdnow (void)
{
  const char *shared = g_getenv ("SEGMENTA_SHARED_DATA");
  g_autofree char *csv = shared != NULL
    ? g_build_filename (shared, "cdnow", "cdnow_customers_summary_with_transactions.csv", NULL) : NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "linear-golden.txt", NULL);
  g_autofree char *golden = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) rows = NULL;
  g_autoptr(GArray) x = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) y = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(SegLinear) fit = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree double *coef = NULL;
  SegLinearParams params;
  gsize line = 0, n;

  if (csv == NULL || !g_file_test (csv, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("skipped: data not found (cdnow)");
      return;
    }
  g_assert_true (g_file_get_contents (path, &golden, NULL, NULL));
  lines = g_strsplit (golden, "\n", -1);
  while (lines[line] != NULL && !g_str_has_prefix (lines[line], "cdnow "))
    line++;
  g_assert_nonnull (lines[line]);
  g_assert_cmpint (sscanf (lines[line++], "cdnow %zu", &n), ==, 1);

  g_assert_true (g_file_get_contents (csv, &text, NULL, NULL));
  rows = g_strsplit (text, "\n", -1);
  for (gsize r = 1; rows[r] != NULL; r++)
    {
      double id, count, last, age, value;

      if (sscanf (rows[r], "%lf,%lf,%lf,%lf,%lf", &id, &count, &last, &age, &value) != 5 || !(count > 0))
        continue;
      g_array_append_val (x, count);
      g_array_append_val (x, last);
      g_array_append_val (x, age);
      g_array_append_val (y, value);
    }
  g_assert_cmpuint (y->len, ==, n);

  seg_linear_params_init (&params);
  fit = seg_linear_fit ((double *) x->data, n, 3, (double *) y->data, NULL, &params, NULL, &error);
  g_assert_no_error (error);
  coef = parse_row (lines[line++], "coef", 4);
  for (gsize j = 0; j < 4; j++)
    assert_close (seg_linear_coefficients (fit)[j], coef[j], 1e-8, "cdnow");
  check_inference (fit, lines, &line);
}

/* Exact data: y = 1 + 2 x1 - 3 x2 is found to rounding. */
static void
test_exact (void)
{
  double x[12], y[6], out[2];
  const double rows[2][2] = { { 10, -1 }, { 0.5, 0.25 } };
  SegLinearParams params;
  g_autoptr(SegLinear) fit = NULL;
  g_autoptr(GError) error = NULL;

  for (int i = 0; i < 6; i++)
    {
      x[i * 2] = i;
      x[i * 2 + 1] = (i * i) % 5;
      y[i] = 1 + 2 * x[i * 2] - 3 * x[i * 2 + 1];
    }
  seg_linear_params_init (&params);
  fit = seg_linear_fit (x, 6, 2, y, NULL, &params, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (seg_linear_coefficients (fit)[0], 1.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (seg_linear_coefficients (fit)[1], 2.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (seg_linear_coefficients (fit)[2], -3.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (seg_linear_summary (fit)->r_squared, 1.0, 1e-12);
  seg_linear_predict (fit, &rows[0][0], 2, out);
  g_assert_cmpfloat_with_epsilon (out[0], 1 + 20 + 3, 1e-10);
  g_assert_cmpfloat_with_epsilon (out[1], 1 + 1 - 0.75, 1e-12);
}

static void
test_collinear (void)
{
  const char *const names[] = { "visits", "spend", "double_visits", NULL };
  double x[8 * 3], y[8];
  SegLinearParams params;
  g_autoptr(SegLinear) fit = NULL;
  g_autoptr(SegLinear) ridge = NULL;
  g_autoptr(GError) error = NULL;

  for (int i = 0; i < 8; i++)
    {
      x[i * 3] = i;
      x[i * 3 + 1] = (i * 7) % 5;
      x[i * 3 + 2] = 2 * i + 1;
      y[i] = i + 0.1 * ((i * 3) % 4);
    }
  seg_linear_params_init (&params);
  params.names = names;
  fit = seg_linear_fit (x, 8, 3, y, NULL, &params, NULL, &error);
  g_assert_null (fit);
  g_assert_error (error, SEG_LINEAR_ERROR, SEG_LINEAR_ERROR_COLLINEAR);
  g_assert_nonnull (strstr (error->message, "“double_visits”"));
  g_clear_error (&error);

  /* A constant column is the intercept again. */
  for (int i = 0; i < 8; i++)
    x[i * 3 + 2] = 0.1;
  fit = seg_linear_fit (x, 8, 3, y, NULL, &params, NULL, &error);
  g_assert_null (fit);
  g_assert_error (error, SEG_LINEAR_ERROR, SEG_LINEAR_ERROR_COLLINEAR);
  g_assert_nonnull (strstr (error->message, "same value"));
  g_clear_error (&error);

  /* The penalty makes the problem well posed. */
  params.alpha = 1.0;
  ridge = seg_linear_fit (x, 8, 3, y, NULL, &params, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (isnan (seg_linear_std_errors (ridge)[1]));
}

static void
test_bad_input (void)
{
  double x[6] = { 1, 2, 3, NAN, 5, 6 }, y[6] = { 1, 2, 3, 4, 5, 6 }, w[6] = { 1, 1, 1, 1, -1, 1 };
  SegLinearParams params;
  g_autoptr(GError) error = NULL;

  seg_linear_params_init (&params);
  g_assert_null (seg_linear_fit (x, 6, 1, y, NULL, &params, NULL, &error));
  g_assert_error (error, SEG_LINEAR_ERROR, SEG_LINEAR_ERROR_INPUT);
  g_assert_nonnull (strstr (error->message, "Row 4"));
  g_clear_error (&error);
  x[3] = 4;
  g_assert_null (seg_linear_fit (x, 6, 1, y, w, &params, NULL, &error));
  g_assert_error (error, SEG_LINEAR_ERROR, SEG_LINEAR_ERROR_INPUT);
  g_clear_error (&error);
  g_assert_null (seg_linear_fit (x, 2, 1, y, NULL, &params, NULL, &error));
  g_assert_error (error, SEG_LINEAR_ERROR, SEG_LINEAR_ERROR_INPUT);
  g_clear_error (&error);
  params.alpha = -1;
  g_assert_null (seg_linear_fit (x, 6, 1, y, NULL, &params, NULL, &error));
  g_assert_error (error, SEG_LINEAR_ERROR, SEG_LINEAR_ERROR_INPUT);
}

static void
test_cancel (void)
{
  double x[20], y[10];
  volatile int cancel = 1;
  SegMonitor monitor = { .cancel = &cancel };
  SegLinearParams params;
  g_autoptr(GError) error = NULL;

  for (int i = 0; i < 10; i++)
    {
      x[i * 2] = i;
      x[i * 2 + 1] = (i * i) % 7;
      y[i] = i * 0.5;
    }
  seg_linear_params_init (&params);
  g_assert_null (seg_linear_fit (x, 10, 2, y, NULL, &params, &monitor, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_bytes (void)
{
  double x[20], y[10], a[4], b[4];
  SegLinearParams params;
  g_autoptr(SegLinear) fit = NULL;
  g_autoptr(SegLinear) back = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  gsize size;
  const guint8 *data;

  for (int i = 0; i < 10; i++)
    {
      x[i * 2] = i;
      x[i * 2 + 1] = (i * i) % 7;
      y[i] = i * 0.5 + ((i * 5) % 3);
    }
  seg_linear_params_init (&params);
  fit = seg_linear_fit (x, 10, 2, y, NULL, &params, NULL, &error);
  g_assert_no_error (error);
  bytes = seg_linear_to_bytes (fit);
  back = seg_linear_from_bytes (bytes, &error);
  g_assert_no_error (error);
  seg_linear_predict (fit, x, 2, a);
  seg_linear_predict (back, x, 2, b);
  g_assert_cmpmem (a, 2 * sizeof (double), b, 2 * sizeof (double));
  g_assert_cmpfloat (seg_linear_p_values (back)[1], ==, seg_linear_p_values (fit)[1]);
  g_assert_cmpfloat (seg_linear_summary (back)->r_squared, ==, seg_linear_summary (fit)->r_squared);

  data = g_bytes_get_data (bytes, &size);
  /* Every truncation, and a garbled header or column count, is refused. */
  for (gsize cut = 0; cut < size; cut += 7)
    {
      g_autoptr(GBytes) part = g_bytes_new (data, cut);
      g_autoptr(GError) local_error = NULL;

      g_assert_null (seg_linear_from_bytes (part, &local_error));
      g_assert_error (local_error, SEG_LINEAR_ERROR, SEG_LINEAR_ERROR_CORRUPT);
    }
  for (gsize at = 0; at < 32; at++)
    {
      g_autofree guint8 *copy = g_memdup2 (data, size);
      g_autoptr(GBytes) garbled = NULL;
      g_autoptr(SegLinear) read = NULL;
      g_autoptr(GError) local_error = NULL;

      copy[at] ^= 0x5a;
      garbled = g_bytes_new (copy, size);
      read = seg_linear_from_bytes (garbled, &local_error);
      /* Only the rows count (bytes 24..31) and the padding may change freely. */
      if (at < 12 || (at >= 16 && at < 24))
        g_assert_error (local_error, SEG_LINEAR_ERROR, SEG_LINEAR_ERROR_CORRUPT);
    }
}

static void
test_distributions (void)
{
  /* t with 1 degree of freedom is Cauchy: P(|T| >= 1) = 1/2. */
  g_assert_cmpfloat_with_epsilon (seg_student_t_two_sided (1.0, 1.0), 0.5, 1e-14);
  g_assert_cmpfloat_with_epsilon (seg_student_t_two_sided (0.0, 7.0), 1.0, 1e-14);
  /* scipy.stats.t.sf(2.5, 10) * 2 */
  g_assert_cmpfloat_with_epsilon (seg_student_t_two_sided (-2.5, 10.0), 0.031446844236608776, 1e-13);
  /* scipy.stats.f.sf(3.0, 2, 20) */
  g_assert_cmpfloat_with_epsilon (seg_f_upper_tail (3.0, 2.0, 20.0), 0.07253815028640576, 1e-13);
  g_assert_cmpfloat_with_epsilon (seg_incomplete_beta (2.0, 3.0, 0.4), 0.5248, 1e-13);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/linear/golden", test_golden);
  g_test_add_func ("/linear/cdnow", test_cdnow);
  g_test_add_func ("/linear/exact", test_exact);
  g_test_add_func ("/linear/collinear", test_collinear);
  g_test_add_func ("/linear/bad-input", test_bad_input);
  g_test_add_func ("/linear/cancel", test_cancel);
  g_test_add_func ("/linear/bytes", test_bytes);
  g_test_add_func ("/linear/distributions", test_distributions);

  return g_test_run ();
}
