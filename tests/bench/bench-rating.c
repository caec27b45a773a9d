/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Rating prediction on MovieLens 100K, 5-fold over the official splits
 * u1..u5: biased MF and SVD++, with Surprise's default options and with
 * ours, each in a child of its own for its peak memory. Prints the time
 * of the five fits (and predictions), the peak RSS, and RMSE / MAE next
 * to the figures the Surprise library publishes.
 *
 * usage: bench-rating DATA-DIR   (the folder that holds ml-100k/)
 */
#include "config.h"

#include <locale.h>
#include <math.h>
#include <time.h>

#include "bench-common.h"
#include "seg-interactions.h"
#include "seg-recommend.h"
#include "seg-svd.h"

typedef struct
{
  int32_t *users;
  int32_t *items;
  double  *ratings;
  size_t   n;
} Ratings;

typedef struct
{
  double rmse;
  double mae;
  double seconds;
  double cpu_seconds;
} Answer;

typedef struct
{
  const char *name;
  void      (*init) (SegSvdOptions *options);
  double      published_rmse;   /* NAN: none */
  double      published_mae;
  double      published_seconds;
  double      target_seconds;
} Model;

static const char *data_dir;

static double
cpu_now (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (double) ts.tv_sec + (double) ts.tv_nsec * 1e-9;
}

static gboolean
read_ratings (const char *path,
              Ratings    *out)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  size_t n_lines;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return FALSE;
  lines = g_strsplit (contents, "\n", -1);
  n_lines = g_strv_length (lines);
  out->users = g_new (int32_t, n_lines);
  out->items = g_new (int32_t, n_lines);
  out->ratings = g_new (double, n_lines);
  out->n = 0;
  for (char **line = lines; *line != NULL; line++)
    {
      char *end;

      if (**line == '\0')
        continue;
      out->users[out->n] = (int32_t) g_ascii_strtoll (*line, &end, 10) - 1;
      out->items[out->n] = (int32_t) g_ascii_strtoll (end, &end, 10) - 1;
      out->ratings[out->n] = g_ascii_strtod (end, &end);
      out->n++;
    }

  return TRUE;
}

static void
ratings_clear (Ratings *r)
{
  g_free (r->users);
  g_free (r->items);
  g_free (r->ratings);
}

/* In the child: five fits, timing the fits and predictions only. */
static int
five_folds (void *shared,
            void *data)
{
  const Model *model = data;
  Answer *answer = shared;
  SegSvdOptions options;
  double rmse = 0, mae = 0, seconds = 0, cpu_seconds = 0;

  model->init (&options);
  for (int fold = 1; fold <= 5; fold++)
    {
      g_autofree char *base_path = g_strdup_printf ("%s/ml-100k/u%d.base", data_dir, fold);
      g_autofree char *test_path = g_strdup_printf ("%s/ml-100k/u%d.test", data_dir, fold);
      SegInteractionOptions weighting = { SEG_WEIGHT_RATING, 0, 0, 0 };
      SegInteractions *train;
      Ratings base, test;
      SegSvd *fitted;
      double *predicted, fold_rmse, fold_mae, start, cpu_start;
      int rc;

      if (!read_ratings (base_path, &base) || !read_ratings (test_path, &test))
        return 1;
      start = now ();
      cpu_start = cpu_now ();
      train = seg_interactions_build (base.users, base.items, base.ratings, NULL, base.n, 943, 1682, &weighting);
      fitted = train != NULL ? seg_svd_fit (train, &options, NULL, &rc) : NULL;
      if (fitted == NULL)
        return 1;
      predicted = g_new (double, test.n);
      seg_svd_predict_many (fitted, test.users, test.items, test.n, predicted);
      seconds += now () - start;
      cpu_seconds += cpu_now () - cpu_start;
      seg_rating_errors (predicted, test.ratings, test.n, &fold_rmse, &fold_mae);
      rmse += fold_rmse / 5;
      mae += fold_mae / 5;
      g_free (predicted);
      seg_svd_free (fitted);
      seg_interactions_free (train);
      ratings_clear (&base);
      ratings_clear (&test);
    }
  answer->rmse = rmse;
  answer->mae = mae;
  answer->seconds = seconds;
  answer->cpu_seconds = cpu_seconds;

  return 0;
}

int
main (int    argc,
      char **argv)
{
  static const Model models[] = {
    { "SVD, Surprise's options", seg_svd_options_init_surprise, 0.934, 0.737, 6.0, 3.0 },
    { "SVD, our options", seg_svd_options_init, 0.934, 0.737, 6.0, 3.0 },
    { "SVD++, Surprise's options", seg_svdpp_options_init_surprise, 0.919, 0.721, 82.0, 30.0 },
    { "SVD++, our options", seg_svdpp_options_init, 0.919, 0.721, 82.0, 30.0 },
  };
  g_autofree char *first_fold = NULL;
  g_autofree char *load = NULL;
  gboolean all_met = TRUE;

  setlocale (LC_ALL, "");
  if (argc != 2)
    {
      g_printerr ("usage: bench-rating DATA-DIR\n");
      return 2;
    }
  data_dir = argv[1];
  first_fold = g_build_filename (data_dir, "ml-100k", "u1.base", NULL);
  if (!g_file_test (first_fold, G_FILE_TEST_IS_REGULAR))
    {
      g_print ("skipped: data not found (%s)\n", first_fold);
      return EXIT_SKIPPED;
    }

  load = load_average ();
  g_print ("MovieLens 100K, 5-fold (u1..u5), load %s\n", load);
  g_print ("Published (Surprise README, 5-fold CV, an i5 laptop): SVD 0.934 / 0.737 in 6 s,\n"
           "SVD++ 0.919 / 0.721 in 82 s; times below are the five fits and predictions.\n\n");
  g_print ("  %-27s %8s %8s %9s %9s %10s   %s\n", "model", "RMSE", "MAE", "time", "CPU", "peak RSS",
           "published RMSE / MAE / time");

  for (size_t m = 0; m < G_N_ELEMENTS (models); m++)
    {
      g_autoptr(GError) error = NULL;
      RunResult result;
      Answer *answer = run_in_child (sizeof (Answer), five_folds, (void *) &models[m], models[m].name,
                                     &result, &error);
      gboolean met;

      if (answer == NULL)
        {
          g_printerr ("%s: %s\n", models[m].name, error->message);
          return 1;
        }
      met = answer->seconds <= models[m].target_seconds;
      all_met &= met;
      g_print ("  %-27s %8.4f %8.4f %7.2f s %7.2f s %6.1f MiB   %.3f / %.3f / %.0f s   target <= %.0f s: %s\n",
               models[m].name, answer->rmse, answer->mae, answer->seconds, answer->cpu_seconds,
               result.maxrss_kib / 1024.0,
               models[m].published_rmse, models[m].published_mae, models[m].published_seconds,
               models[m].target_seconds, met ? "PASS" : "MISS");
      g_print ("bench-rating: model=%zu rmse=%.4f mae=%.4f seconds=%.3f cpu=%.3f rss_mb=%.1f\n",
               m, answer->rmse, answer->mae, answer->seconds, answer->cpu_seconds, result.maxrss_kib / 1024.0);
      child_memory_free (answer, sizeof (Answer));
    }
  g_print ("\nTime targets %s\n", all_met ? "met" : "missed (on a busy machine the CPU time is the steadier guide)");

  return 0;
}
