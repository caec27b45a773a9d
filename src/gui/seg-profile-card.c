/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "seg-profile-card.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <math.h>

#include "seg-measure.h"
#include "seg-plot.h"

static void
draw_swatch (GtkDrawingArea *area,
             cairo_t        *cr,
             int             width,
             int             height,
             gpointer        data)
{
  SegColor color;

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
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *swatch = gtk_drawing_area_new ();
  GtkWidget *label;
  g_autoptr(GString) sizes = g_string_new (NULL);
  g_autoptr(GString) means = g_string_new (NULL);
  g_autofree char *title = NULL;

  gtk_widget_set_margin_start (box, 10);
  gtk_widget_set_margin_end (box, 10);
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);

  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (swatch), 12);
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (swatch), 12);
  gtk_widget_set_valign (swatch, GTK_ALIGN_START);
  gtk_widget_set_margin_top (swatch, 3);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (swatch), draw_swatch,
                                  GINT_TO_POINTER (cluster->cluster - 1), NULL);
  gtk_box_append (GTK_BOX (box), swatch);

  if (cluster->cluster > 0)
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

          g_string_append_printf (products, "%s%s", p > 0 ? ", " : "",
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
