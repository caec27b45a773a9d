/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "seg-als.h"
#include "seg-ease.h"
#include "seg-interactions.h"
#include "seg-kmeans.h"
#include "seg-recommend.h"

/*
 * The implicit-feedback models at shop scale. Each part runs in a child
 * process of its own so that its peak memory (ru_maxrss from wait4) is its
 * own: generating the purchases, building the matrix and the timed work.
 *
 * - als: a generated shop of 100,000 customers × 10,000 products ×
 *   5,000,000 purchases; ALS with 64 factors and 15 iterations, then the
 *   top 10 for every customer from its scorer.
 * - ease: EASE's fit on MovieLens 100K (1,682 items, when the data is
 *   there) and on a generated catalogue of 5,000 items.
 */

static int    n_customers = 100000;
static int    n_products = 10000;
static long   n_purchases = 5000000;
static const char *data_dir;

static double
now (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static double
cpu_now (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static double
peak_mib (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024.0;
}

/* Index of the first cdf entry ≥ u. */
static size_t
draw_cdf (const double *cdf,
          size_t        n,
          double        u)
{
  size_t lo = 0, hi = n - 1;

  while (lo < hi)
    {
      size_t mid = lo + (hi - lo) / 2;

      if (cdf[mid] < u)
        lo = mid + 1;
      else
        hi = mid;
    }

  return lo;
}

static double *
power_cdf (size_t n,
           double exponent)
{
  double *cdf = malloc (n * sizeof (double));
  double sum = 0.0;

  for (size_t i = 0; i < n; i++)
    cdf[i] = (sum += pow (i + 1.0, -exponent));
  for (size_t i = 0; i < n; i++)
    cdf[i] /= sum;

  return cdf;
}

/*
 * A deterministic shop: products' sales follow Zipf's law (exponent 0.9)
 * overall; each customer belongs to one of 40 tastes and draws half of
 * their purchases from their taste's own Zipf ranking of the catalogue;
 * customers' activity follows a power law (exponent 0.6), so that a few
 * buy hundreds of times and most a handful. Quantities 1 to 3.
 */
static SegInteractions *
generate_shop (size_t n_users,
               size_t n_items,
               size_t n,
               double alpha,
               SegWeighting weighting)
{
  SegInteractionOptions options = { weighting, alpha, 0, 0 };
  int32_t *users = malloc (n * sizeof (int32_t));
  int32_t *items = malloc (n * sizeof (int32_t));
  double *amounts = malloc (n * sizeof (double));
  double *item_cdf = power_cdf (n_items, 0.9);
  double *user_cdf = power_cdf (n_users, 0.6);
  size_t tastes = 40;
  SegInteractions *m;
  SegRng rng;

  seg_rng_init (&rng, 20261202);
  for (size_t e = 0; e < n; e++)
    {
      /* Customers by activity, spread over the ids by a multiplier. */
      size_t rank = draw_cdf (user_cdf, n_users, seg_rng_uniform (&rng));
      size_t u = (rank * 2654435761u) % n_users;
      size_t item = draw_cdf (item_cdf, n_items, seg_rng_uniform (&rng));

      if (seg_rng_uniform (&rng) < 0.5)
        {
          /* The customer's taste: its own order of the catalogue. */
          size_t taste = (u * 40503u) % tastes;

          item = (item * 7919u + taste * 997u) % n_items;
        }
      users[e] = (int32_t) u;
      items[e] = (int32_t) item;
      amounts[e] = 1 + (int) (seg_rng_uniform (&rng) * 3);
    }

  m = seg_interactions_build (users, items, amounts, NULL, n, n_users, n_items, &options);
  free (users);
  free (items);
  free (amounts);
  free (item_cdf);
  free (user_cdf);

  return m;
}

static int
part_als (void)
{
  SegInteractions *m;
  SegAlsOptions options;
  SegAls *model;
  SegScorer scorer;
  int32_t *rec_items;
  double *rec_scores;
  double t0, c0, fit_s, fit_cpu, top_s, top_cpu, fit_peak;
  size_t offered = 0;
  int rc;

  t0 = now ();
  m = generate_shop (n_customers, n_products, n_purchases, SEG_ALS_DEFAULT_ALPHA,
                     SEG_WEIGHT_CONFIDENCE);
  if (m == NULL)
    return 1;
  printf ("  shop: %d customers x %d products, %ld purchase lines, %zu distinct pairs "
          "(generated and built in %.2f s)\n",
          n_customers, n_products, n_purchases, m->nnz, now () - t0);

  seg_als_options_init (&options);
  options.factors = 64;
  options.iterations = 15;
  t0 = now ();
  c0 = cpu_now ();
  model = seg_als_fit (m, &options, NULL, &rc);
  fit_s = now () - t0;
  fit_cpu = cpu_now () - c0;
  fit_peak = peak_mib ();
  if (model == NULL)
    {
      fprintf (stderr, "ALS failed: %d\n", rc);
      return 1;
    }
  printf ("  ALS fit, 64 factors, 15 iterations, %d CG steps   %7.2f s  (CPU %.2f s)  peak %.1f MiB\n",
          options.cg_steps, fit_s, fit_cpu, fit_peak);

  rec_items = malloc ((size_t) n_customers * 10 * sizeof (int32_t));
  rec_scores = malloc ((size_t) n_customers * 10 * sizeof (double));
  seg_als_scorer (model, &scorer);
  t0 = now ();
  c0 = cpu_now ();
  rc = seg_recommend_top (&scorer, m, 0, 10, rec_items, rec_scores, NULL);
  top_s = now () - t0;
  top_cpu = cpu_now () - c0;
  if (rc != 0)
    return 1;
  for (size_t r = 0; r < (size_t) n_customers * 10; r++)
    offered += rec_items[r] >= 0;
  printf ("  top 10 for every customer                        %7.2f s  (CPU %.2f s)  peak %.1f MiB"
          "  (%zu offers)\n", top_s, top_cpu, peak_mib (), offered);

  /* Fresh orders: 1,000 customers folded in again against the fixed
   * product factors, as after an append. */
  {
    size_t n_fold = (size_t) n_customers < 1000 ? (size_t) n_customers : 1000;
    size_t *fold = malloc (n_fold * sizeof (size_t));

    for (size_t q = 0; q < n_fold; q++)
      fold[q] = q * (n_customers / n_fold);
    t0 = now ();
    c0 = cpu_now ();
    rc = seg_als_fold_in (model, m, fold, n_fold);
    printf ("  fold-in of %zu customers                         %7.3f s  (CPU %.3f s)\n",
            n_fold, now () - t0, cpu_now () - c0);
    free (fold);
    if (rc != 0)
      return 1;
  }

  printf ("Targets\n");
  printf ("  ALS fit <= 30 s            %7.2f   %s\n", fit_s, fit_s <= 30 ? "PASS" : "MISS");
  printf ("  top 10 <= 10 s             %7.2f   %s\n", top_s, top_s <= 10 ? "PASS" : "MISS");
  printf ("  peak memory <= 2048 MiB    %7.1f   %s\n", peak_mib (), peak_mib () <= 2048 ? "PASS" : "MISS");
  printf ("bench-implicit: als_s=%.2f top_s=%.2f als_rss_mb=%.1f\n", fit_s, top_s, peak_mib ());

  free (rec_items);
  free (rec_scores);
  seg_als_free (model);
  seg_interactions_free (m);
  return 0;
}

static SegInteractions *
load_ml100k (void)
{
  g_autofree char *path = g_build_filename (data_dir, "ml-100k", "u.data", NULL);
  g_autofree char *text = NULL;
  SegInteractionOptions binary = { SEG_WEIGHT_BINARY, 0, 0, 0 };
  g_autoptr (GArray) users = g_array_new (FALSE, FALSE, sizeof (int32_t));
  g_autoptr (GArray) items = g_array_new (FALSE, FALSE, sizeof (int32_t));
  char *line, *save = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return NULL;
  for (line = strtok_r (text, "\n", &save); line != NULL; line = strtok_r (NULL, "\n", &save))
    {
      int user, item;

      if (sscanf (line, "%d %d", &user, &item) != 2 || user < 1 || user > 943 || item < 1 || item > 1682)
        continue;
      user--;
      item--;
      g_array_append_val (users, user);
      g_array_append_val (items, item);
    }

  return seg_interactions_build ((int32_t *) users->data, (int32_t *) items->data, NULL, NULL,
                                 users->len, 943, 1682, &binary);
}

static int
time_ease (const char      *name,
           SegInteractions *m)
{
  SegEase *model;
  size_t bytes;
  double estimate, t0, c0, seconds;
  int rc;

  seg_ease_estimate (m->n_items, &bytes, &estimate);
  t0 = now ();
  c0 = cpu_now ();
  model = seg_ease_fit (m, NULL, NULL, &rc);
  seconds = now () - t0;
  if (model == NULL)
    {
      fprintf (stderr, "EASE failed on %s: %d\n", name, rc);
      return 1;
    }
  printf ("  EASE fit, %-34s %7.2f s  (CPU %.2f s)  peak %.1f MiB; estimated %.1f s, %.1f MiB\n",
          name, seconds, cpu_now () - c0, peak_mib (), estimate, bytes / 1048576.0);
  printf ("bench-implicit: ease_%zu_s=%.2f\n", m->n_items, seconds);
  seg_ease_free (model);

  return 0;
}

static int
part_ease (void)
{
  SegInteractions *m;
  int status = 0;

  printf ("  EASE inverts with %s\n", seg_ease_backend ());
  m = data_dir != NULL ? load_ml100k () : NULL;
  if (m != NULL)
    {
      status |= time_ease ("ml-100k (943 x 1,682, 100,000)", m);
      seg_interactions_free (m);
    }
  else
    {
      printf ("  EASE on ml-100k: skipped, data not found\n");
    }

  m = generate_shop (50000, 5000, 1000000, 0, SEG_WEIGHT_BINARY);
  status |= time_ease ("generated (50,000 x 5,000, 1,000,000)", m);
  seg_interactions_free (m);

  return status;
}

/* Runs @part in a child and reports its peak memory as the kernel saw it. */
static int
run_part (const char *name,
          int       (*part) (void))
{
  struct rusage usage;
  int status = 0;
  pid_t pid;

  fflush (stdout);
  pid = fork ();
  if (pid < 0)
    return 1;
  if (pid == 0)
    {
      int rc = part ();

      fflush (stdout);
      _exit (rc);
    }
  if (wait4 (pid, &status, 0, &usage) < 0)
    return 1;
  printf ("  (%s: whole child process peak %.1f MiB)\n", name, usage.ru_maxrss / 1024.0);

  return WIFEXITED (status) ? WEXITSTATUS (status) : 1;
}

int
main (int   argc,
      char *argv[])
{
  const char *only = NULL;
  double load[3] = { 0, 0, 0 };
  int status = 0;

  for (int a = 1; a < argc; a++)
    {
      if (g_str_equal (argv[a], "--customers") && a + 1 < argc)
        n_customers = atoi (argv[++a]);
      else if (g_str_equal (argv[a], "--products") && a + 1 < argc)
        n_products = atoi (argv[++a]);
      else if (g_str_equal (argv[a], "--purchases") && a + 1 < argc)
        n_purchases = atol (argv[++a]);
      else if (g_str_equal (argv[a], "--data") && a + 1 < argc)
        data_dir = argv[++a];
      else if (g_str_equal (argv[a], "als") || g_str_equal (argv[a], "ease"))
        only = argv[a];
      else
        {
          fprintf (stderr, "Usage: %s [als|ease] [--data DIR] [--customers N] [--products N] "
                   "[--purchases N]\n", argv[0]);
          return 2;
        }
    }
  if (n_customers < 1 || n_products < 1 || n_purchases < 1)
    {
      fprintf (stderr, "--customers, --products and --purchases must be positive\n");
      return 2;
    }

  if (getloadavg (load, 3) < 0)
    load[0] = load[1] = load[2] = 0;
#ifdef _OPENMP
  printf ("Implicit-feedback models, %d threads, load %.2f %.2f %.2f\n",
          omp_get_max_threads (), load[0], load[1], load[2]);
#else
  printf ("Implicit-feedback models, 1 thread, load %.2f %.2f %.2f\n", load[0], load[1], load[2]);
#endif

  if (only == NULL || g_str_equal (only, "ease"))
    status |= run_part ("ease", part_ease);
  if (only == NULL || g_str_equal (only, "als"))
    status |= run_part ("als", part_als);

  return status;
}
