/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "seg-profile-card.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <math.h>

#include "seg-measure.h"
#include "seg-plot.h"
#include "seg-segments-page.h"

static void
draw_swatch (GtkDrawingArea *area,
             cairo_t        *cr,
             int             width,
             int             height,
             gpointer        data)
{
  GtkWidget *page = gtk_widget_get_ancestor (GTK_WIDGET (area), SEG_TYPE_SEGMENTS_PAGE);
  SegColor color;

  /* A run's segment has the map's colour, which follows its profile;
   * below 0, grey: the noise, or everyone else beside a saved segment. */
  if (page != NULL && g_object_get_data (G_OBJECT (area), "follows-map") != NULL)
    seg_map_view_cluster_color (seg_segments_page_get_map_view (SEG_SEGMENTS_PAGE (page)),
                                GPOINTER_TO_INT (data), &color);
  else
    seg_plot_cluster_color (GPOINTER_TO_INT (data), &color);
  cairo_arc (cr, width / 2.0, height / 2.0, MIN (width, height) / 2.0, 0, 2 * G_PI);
  cairo_set_source_rgb (cr, color.r, color.g, color.b);
  cairo_fill (cr);
}

/* A product a segment buys this many times as often as everyone does
 * sets it apart. */
#define DISTINCT_LIFT 1.2

static int
compare_lift (gconstpointer a,
              gconstpointer b)
{
  const SegTopProduct *x = *(SegTopProduct *const *) a;
  const SegTopProduct *y = *(SegTopProduct *const *) b;

  return (x->lift < y->lift) - (x->lift > y->lift);
}

/* How far from everyone a figure must be, in standard deviations, to be
 * said to set a segment apart. */
#define STANDOUT_Z 0.5

static int
compare_distance (gconstpointer a,
                  gconstpointer b,
                  gpointer      data)
{
  const SegClusterProfile *cluster = data;
  double x = fabs (g_array_index (cluster->features, SegFeatureStat, *(const guint *) a).z);
  double y = fabs (g_array_index (cluster->features, SegFeatureStat, *(const guint *) b).z);

  return (x < y) - (x > y);
}

/* What sets a segment apart from everyone, in words, the most first:
 * "Compared with everyone: more orders, higher spend". */
static char *
describe_standout (const SegProfile        *profile,
                   const SegClusterProfile *cluster)
{
  g_autoptr(GArray) order = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GString) text = NULL;

  for (guint f = 0; profile->features[f] != NULL && cluster->features != NULL && f < cluster->features->len; f++)
    if (isfinite (g_array_index (cluster->features, SegFeatureStat, f).z) &&
        fabs (g_array_index (cluster->features, SegFeatureStat, f).z) >= STANDOUT_Z)
      g_array_append_val (order, f);
  if (order->len == 0)
    return NULL;
  g_array_sort_with_data (order, compare_distance, (gpointer) cluster);

  text = g_string_new (_("Compared with everyone: "));
  for (guint i = 0; i < order->len && i < 3; i++)
    {
      guint f = g_array_index (order, guint, i);
      g_autofree char *words = seg_measure_compare (profile->features[f],
                                                    g_array_index (cluster->features, SegFeatureStat, f).z > 0);

      /* TRANSLATORS: between the items of a list, such as "more orders, higher spend" */
      g_string_append_printf (text, "%s%s", i > 0 ? _(", ") : "", words);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* A card; @numbered for a run's clusters, which the map numbers. */
static GtkWidget *
card_new (const SegProfile        *profile,
          const SegClusterProfile *cluster,
          gboolean                 numbered)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *swatch = gtk_drawing_area_new ();
  GtkWidget *label;
  g_autoptr(GString) sizes = g_string_new (NULL);
  g_autoptr(GString) means = g_string_new (NULL);
  g_autofree char *title = NULL;
  g_autofree char *standout = NULL;

  gtk_widget_set_margin_start (box, 10);
  gtk_widget_set_margin_end (box, 10);
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);

  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (swatch), 12);
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (swatch), 12);
  gtk_widget_set_valign (swatch, GTK_ALIGN_START);
  gtk_widget_set_margin_top (swatch, 3);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (swatch), draw_swatch,
                                  GINT_TO_POINTER (numbered || cluster->cluster == 1 ? cluster->cluster - 1 : -1),
                                  NULL);
  if (numbered)
    g_object_set_data (G_OBJECT (swatch), "follows-map", GINT_TO_POINTER (TRUE));
  gtk_box_append (GTK_BOX (box), swatch);

  if (!numbered)
    title = g_strdup (cluster->name);
  else if (cluster->cluster > 0)
    title = g_strdup_printf ("%d · %s", cluster->cluster, cluster->name);
  else
    title = g_strdup (_("Noise: in no segment"));
  label = gtk_label_new (title);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  /* Names built from long column names may have no space to break at. */
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 30);
  gtk_widget_add_css_class (label, "heading");
  gtk_box_append (GTK_BOX (text), label);

  g_string_append_printf (sizes, g_dngettext (GETTEXT_PACKAGE, "%'" PRId64 " row", "%'" PRId64 " rows", cluster->size),
                          cluster->size);
  g_string_append_printf (sizes, " · %.1f%%", cluster->share * 100);
  if (isfinite (cluster->revenue_share))
    {
      g_string_append (sizes, " · ");
      g_string_append_printf (sizes, _("%.1f%% of revenue"), cluster->revenue_share * 100);
    }
  label = gtk_label_new (sizes->str);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "caption");
  gtk_box_append (GTK_BOX (text), label);

  for (guint f = 0; profile->features[f] != NULL && cluster->features != NULL && f < cluster->features->len; f++)
    {
      g_autofree char *figure = seg_measure_format (profile->features[f],
                                                    g_array_index (cluster->features, SegFeatureStat, f).mean);

      if (means->len > 0)
        g_string_append (means, " · ");
      g_string_append (means, figure);
    }
  label = gtk_label_new (means->str);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 32);
  gtk_widget_add_css_class (label, "caption");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (text), label);

  standout = describe_standout (profile, cluster);
  if (standout != NULL)
    {
      label = gtk_label_new (standout);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 32);
      gtk_widget_add_css_class (label, "caption");
      gtk_box_append (GTK_BOX (text), label);
    }

  if (cluster->products != NULL && cluster->products->len > 0)
    {
      g_autoptr(GPtrArray) distinct = g_ptr_array_new ();
      g_autoptr(GString) products = NULL;

      /* What sets the segment apart says more than what everyone buys:
       * of its top products, those it buys notably more often than the
       * other customers do, by lift; else simply its top products. */
      for (guint p = 0; p < cluster->products->len; p++)
        {
          SegTopProduct *product = g_ptr_array_index (cluster->products, p);

          if (product->lift >= DISTINCT_LIFT)
            g_ptr_array_add (distinct, product);
        }
      g_ptr_array_sort (distinct, compare_lift);

      products = g_string_new (distinct->len > 0 ? _("Buys more than others: ") : _("Buys most: "));
      for (guint p = 0; p < 3 && p < (distinct->len > 0 ? distinct->len : cluster->products->len); p++)
        {
          SegTopProduct *product = distinct->len > 0 ? g_ptr_array_index (distinct, p)
                                                     : g_ptr_array_index (cluster->products, p);

          g_string_append_printf (products, "%s%s", p > 0 ? _(", ") : "",
                                  product->label != NULL ? product->label : product->product);
          if (distinct->len > 0)
            g_string_append_printf (products, " ×%.1f", product->lift);
        }
      label = gtk_label_new (products->str);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 32);
      gtk_widget_add_css_class (label, "caption");
      gtk_widget_add_css_class (label, "dim-label");
      gtk_box_append (GTK_BOX (text), label);
    }

  gtk_widget_set_hexpand (text, TRUE);
  gtk_box_append (GTK_BOX (box), text);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  g_object_set_data (G_OBJECT (row), "cluster", GINT_TO_POINTER (cluster->cluster - 1));
  return row;
}

/**
 * seg_profile_card_new:
 * @profile: the run's profile
 * @cluster: one of its clusters
 *
 * Describes a segment at a glance: its name and colour, its size, its
 * figures and what its customers buy.
 *
 * Returns: (transfer floating): a #GtkListBoxRow; activating it selects
 *   the segment, whose index from 0 is its "cluster" data
 */
GtkWidget *
seg_profile_card_new (const SegProfile        *profile,
                      const SegClusterProfile *cluster)
{
  return card_new (profile, cluster, TRUE);
}

/**
 * seg_profile_card_new_rfm:
 * @summary: the customers of each RFM segment, largest first
 *
 * Sums up the RFM segments of a table scored from orders: how many
 * Champions, Loyal customers, customers At risk…
 *
 * Returns: (transfer floating): a #GtkListBoxRow that selects nothing
 */
GtkWidget *
seg_profile_card_new_rfm (const SegRfmSummary *summary)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *grid = gtk_grid_new ();
  GtkWidget *label;
  g_autofree char *caption = NULL;

  g_return_val_if_fail (summary != NULL, NULL);

  gtk_widget_set_margin_start (box, 10);
  gtk_widget_set_margin_end (box, 10);
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);

  label = gtk_label_new (_("RFM Segments"));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  gtk_box_append (GTK_BOX (box), label);

  caption = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "%'" PRId64 " customer of “%s”, by recency and frequency",
                                          "%'" PRId64 " customers of “%s”, by recency and frequency",
                                          summary->customers),
                             summary->customers, summary->table != NULL ? summary->table : "");
  label = gtk_label_new (caption);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 32);
  gtk_widget_add_css_class (label, "caption");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (box), label);

  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 2);
  for (guint i = 0; summary->segments != NULL && i < summary->segments->len; i++)
    {
      gint64 count = g_array_index (summary->counts, gint64, i);
      g_autofree char *number = g_strdup_printf ("%'" PRId64, count);
      g_autofree char *share = g_strdup_printf ("%.1f%%", summary->customers > 0 ? 100.0 * count / summary->customers
                                                                                   : 0.0);

      label = gtk_label_new (seg_measure_rfm_segment_label (g_ptr_array_index (summary->segments, i)));
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_widget_set_hexpand (label, TRUE);
      gtk_widget_add_css_class (label, "caption");
      gtk_grid_attach (GTK_GRID (grid), label, 0, (int) i, 1, 1);
      label = gtk_label_new (number);
      gtk_label_set_xalign (GTK_LABEL (label), 1);
      gtk_widget_add_css_class (label, "caption");
      gtk_widget_add_css_class (label, "numeric");
      gtk_grid_attach (GTK_GRID (grid), label, 1, (int) i, 1, 1);
      label = gtk_label_new (share);
      gtk_label_set_xalign (GTK_LABEL (label), 1);
      gtk_widget_add_css_class (label, "caption");
      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_add_css_class (label, "numeric");
      gtk_grid_attach (GTK_GRID (grid), label, 2, (int) i, 1, 1);
    }
  gtk_box_append (GTK_BOX (box), grid);

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_name (row, "rfm-summary");
  g_object_set_data (G_OBJECT (row), "cluster", GINT_TO_POINTER (-1));
  return row;
}

/* Saved segments ------------------------------------------------------------ */

static GtkWidget *
message_row (const char *text)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 32);
  gtk_widget_set_margin_start (label, 10);
  gtk_widget_set_margin_end (label, 10);
  gtk_widget_set_margin_top (label, 8);
  gtk_widget_set_margin_bottom (label, 8);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  g_object_set_data (G_OBJECT (row), "cluster", GINT_TO_POINTER (-1));
  return row;
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

/**
 * seg_profile_card_fill_segment:
 * @list: the list of cards
 * @profile: a saved segment's profile from seg_project_profile_segment()
 *
 * Shows a saved segment's card, then everyone else's, in place of what
 * @list held.
 */
void
seg_profile_card_fill_segment (GtkListBox       *list,
                               const SegProfile *profile)
{
  g_return_if_fail (GTK_IS_LIST_BOX (list));
  g_return_if_fail (profile != NULL);

  clear_list (list);
  for (guint i = 0; i < profile->clusters->len; i++)
    {
      GtkWidget *row = card_new (profile, g_ptr_array_index (profile->clusters, i), FALSE);

      /* The segment is no cluster of the map to select. */
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
      g_object_set_data (G_OBJECT (row), "cluster", GINT_TO_POINTER (-1));
      gtk_list_box_append (list, row);
    }
}

static void
on_segment_profiled (GObject      *source,
                     GAsyncResult *result,
                     gpointer      data)
{
  g_autoptr(GtkListBox) list = data;
  g_autoptr(SegProfile) profile = NULL;
  g_autoptr(GError) error = NULL;

  profile = seg_project_profile_segment_finish (SEG_PROJECT (source), result, &error);
  /* Whoever cancelled has shown something else in the list. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (profile == NULL)
    {
      clear_list (list);
      gtk_list_box_append (list, message_row (error->message));
      return;
    }
  seg_profile_card_fill_segment (list, profile);
}

/**
 * seg_profile_card_show_segment:
 * @list: the list of cards
 * @project: the segment's project
 * @segment: a saved segment
 * @cancellable: (nullable): cancel it to show something else in @list
 *
 * Describes a saved segment against the rest of its table, with the
 * same cards as a run's segments: the segment's, then everyone else's.
 * The profile is worked out in a worker; @list says so meanwhile.
 */
void
seg_profile_card_show_segment (GtkListBox   *list,
                               SegProject   *project,
                               SegSegment   *segment,
                               GCancellable *cancellable)
{
  g_return_if_fail (GTK_IS_LIST_BOX (list));
  g_return_if_fail (SEG_IS_PROJECT (project));
  g_return_if_fail (SEG_IS_SEGMENT (segment));

  clear_list (list);
  gtk_list_box_append (list, message_row (_("Comparing the segment with everyone else…")));
  seg_project_profile_segment_async (project, seg_segment_get_id (segment), cancellable,
                                     on_segment_profiled, g_object_ref (list));
}
