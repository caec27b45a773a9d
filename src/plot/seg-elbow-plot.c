/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "seg-elbow-plot.h"

#include <glib/gi18n-lib.h>

#include "seg-charts.h"

/**
 * seg_elbow_plot_draw:
 * @suggestion: scores for each number of clusters
 * @title: (nullable): the chart's title
 *
 * The spread within segments (k-means' inertia, whose bend is the
 * "elbow") on the left axis and the silhouette on the right, against the
 * number of segments, with the recommended number marked.
 */
void
seg_elbow_plot_draw (cairo_t              *cr,
                     const SegKSuggestion *suggestion,
                     const char           *title,
                     double                width,
                     double                height)
{
  guint n = suggestion->scores->len;
  g_autofree double *k = g_new (double, MAX (n, 1));
  g_autofree double *inertia = g_new (double, MAX (n, 1));
  g_autofree double *silhouette = g_new (double, MAX (n, 1));
  SegLineSeries series[2];
  SegLinePlot plot;

  for (guint i = 0; i < n; i++)
    {
      const SegKScore *score = &g_array_index (suggestion->scores, SegKScore, i);

      k[i] = score->k;
      inertia[i] = score->inertia;
      silhouette[i] = score->silhouette;
    }
  series[0] = (SegLineSeries) { k, inertia, n, _("spread within segments"), FALSE };
  series[1] = (SegLineSeries) { k, silhouette, n, _("silhouette"), TRUE };
  plot = (SegLinePlot) {
    .series = series,
    .n_series = 2,
    .mark_x = suggestion->recommended,
    .axes = { title, _("Number of segments (k)"),
              _("Spread within segments (sum of squared distances to their centres)"),
              _("Silhouette (higher: segments stand more apart)"), FALSE },
  };
  seg_line_plot_draw (cr, &plot, width, height);
}
