/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "seg-palette.h"

#include <math.h>

/*
 * Which colour a segment gets. Numbering clusters by size, as the runs
 * do, gives the same customers another number, and so another colour,
 * whenever two segments swap places in size from one run to the next.
 * Ordering them by what they are instead — the highest spend first — lets
 * the big spenders keep their colour across runs of the same data.
 */

/* Column names that hold what a customer is worth, best first. */
static const char *const value_names[] = {
  "monetary", "revenue", "spend", "total_spend", "sales", "amount", "value", "total",
};

/**
 * seg_profile_palette_key:
 *
 * Returns: the feature that orders the colours: the spend column, else a
 *   column named like a spend, else the first; -1 without features
 */
int
seg_profile_palette_key (const SegProfile *profile)
{
  g_return_val_if_fail (profile != NULL, -1);

  if (profile->features == NULL || profile->features[0] == NULL)
    return -1;
  if (profile->revenue != NULL)
    for (int j = 0; profile->features[j] != NULL; j++)
      if (g_strcmp0 (profile->features[j], profile->revenue) == 0)
        return j;
  for (guint k = 0; k < G_N_ELEMENTS (value_names); k++)
    for (int j = 0; profile->features[j] != NULL; j++)
      if (g_ascii_strcasecmp (profile->features[j], value_names[k]) == 0)
        return j;
  return 0;
}

typedef struct
{
  guint                    cluster;   /* from 0 */
  const SegClusterProfile *profile;   /* nullable */
  int                      key;
  guint                    n_features;
} Entry;

static double
mean_of (const SegClusterProfile *cluster,
         guint                    j)
{
  double mean;

  if (cluster == NULL || cluster->features == NULL || j >= cluster->features->len)
    return NAN;
  mean = g_array_index (cluster->features, SegFeatureStat, j).mean;
  return isfinite (mean) ? mean : NAN;
}

/* Higher first; a cluster without a figure after every one with. */
static int
compare_means (double a,
               double b)
{
  if (isnan (a) || isnan (b))
    return isnan (a) - isnan (b);
  return (a < b) - (a > b);
}

static int
compare_entries (gconstpointer pa,
                 gconstpointer pb)
{
  const Entry *a = pa, *b = pb;
  int order;

  if ((a->profile == NULL) != (b->profile == NULL))
    return a->profile == NULL ? 1 : -1;
  order = compare_means (mean_of (a->profile, a->key), mean_of (b->profile, b->key));
  for (guint j = 0; order == 0 && j < a->n_features; j++)
    order = compare_means (mean_of (a->profile, j), mean_of (b->profile, j));
  if (order == 0 && a->profile != NULL && b->profile != NULL && a->profile->size != b->profile->size)
    order = a->profile->size > b->profile->size ? -1 : 1;
  if (order == 0)
    order = (a->cluster > b->cluster) - (a->cluster < b->cluster);
  return order;
}

/**
 * seg_profile_palette:
 * @n_clusters: the run's clusters, numbered from 0 on the map
 *
 * Gives each cluster a palette slot by its profile: the one with the
 * highest mean of the key column (see seg_profile_palette_key()) the
 * first colour, the next the second, and so on; ties go by the other
 * columns in order, then by size.
 *
 * Returns: (transfer full) (array length=n_clusters): the slot of each
 *   cluster, or NULL for no clusters
 */
guint *
seg_profile_palette (const SegProfile *profile,
                     guint             n_clusters)
{
  g_autofree Entry *entries = NULL;
  guint *slots;
  guint n_features = 0;
  int key;

  g_return_val_if_fail (profile != NULL, NULL);

  if (n_clusters == 0)
    return NULL;
  key = seg_profile_palette_key (profile);
  while (profile->features != NULL && profile->features[n_features] != NULL)
    n_features++;

  entries = g_new0 (Entry, n_clusters);
  for (guint c = 0; c < n_clusters; c++)
    entries[c] = (Entry) { c, NULL, key, n_features };
  for (guint i = 0; profile->clusters != NULL && i < profile->clusters->len; i++)
    {
      const SegClusterProfile *cluster = g_ptr_array_index (profile->clusters, i);

      /* Profiles number clusters from 1; 0 is the noise. */
      if (cluster->cluster >= 1 && (guint) cluster->cluster <= n_clusters && cluster->size > 0)
        entries[cluster->cluster - 1].profile = cluster;
    }
  if (key >= 0)
    qsort (entries, n_clusters, sizeof (Entry), compare_entries);

  slots = g_new (guint, n_clusters);
  for (guint rank = 0; rank < n_clusters; rank++)
    slots[entries[rank].cluster] = rank;
  return slots;
}
