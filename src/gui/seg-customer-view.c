/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <math.h>

#include "seg-customer-view.h"
#include "seg-measure.h"
#include "seg-recommender-model.h"

/*
 * One customer on one page, the place to prepare an offer: who they are,
 * their segments, what they buy, what to offer them next and why, and
 * their orders. The facts are gathered in a worker; the order history
 * reads its products a page at a time as it scrolls.
 */

/* The products and offers listed. */
#define TOP_PRODUCTS 5
#define TOP_OFFERS 10
#define SHOWN_OFFERS 5
/* The offers "Copy Offer" names. */
#define COPIED_OFFERS 3

struct _SegCustomerView
{
  AdwBin              parent_instance;

  /* Template widgets */
  AdwWindowTitle     *title;
  GtkStack           *stack;
  GtkSpinner         *spinner;
  AdwStatusPage      *error_page;
  GtkScrolledWindow  *scroll;
  AdwPreferencesGroup *contact_group;
  GtkListBox         *contact_list;
  AdwPreferencesGroup *segments_group;
  GtkListBox         *segments_list;
  AdwPreferencesGroup *products_group;
  GtkListBox         *products_list;
  AdwPreferencesGroup *offers_group;
  GtkListBox         *offers_list;
  AdwPreferencesGroup *history_group;
  GtkStack           *history_stack;
  GtkListView        *history_view;
  GtkListBox         *history_empty;
  GtkToggleButton    *by_spend;

  SegProject         *project;
  char               *key;
  gint64              run;
  GCancellable       *cancellable;
  SegCustomer        *customer;
  char               *error;
};

G_DEFINE_FINAL_TYPE (SegCustomerView, seg_customer_view, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_KEY,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  BACK,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Rows ------------------------------------------------------------------- */

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static GtkWidget *
new_row (const char *title,
         const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  /* Names and reasons are the shop's own text: never markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title != NULL ? title : "");
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  return row;
}

static GtkWidget *
add_row (GtkListBox *list,
         const char *title,
         const char *subtitle)
{
  GtkWidget *row = new_row (title, subtitle);

  gtk_list_box_append (list, row);
  return row;
}

/* A value at the end of a row takes the room it needs beside its short
 * title, and is cut short, whole in its tooltip, only when there is none. */
static void
value_label_setup (GtkWidget  *label,
                   const char *value)
{
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_set_tooltip_text (label, value);
  gtk_widget_add_css_class (label, "dim-label");
}

/* A row whose value sits at its end, as a settings row's does. */
static GtkWidget *
value_row (const char *title,
           const char *value)
{
  GtkWidget *row = new_row (title, NULL);
  GtkWidget *label = gtk_label_new (value);

  value_label_setup (label, value);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  return row;
}

static GtkWidget *
add_value_row (GtkListBox *list,
               const char *title,
               const char *value)
{
  GtkWidget *row = value_row (title, value);

  gtk_list_box_append (list, row);
  return row;
}

/* A column name as a person would say it: "signup_date" → "Signup date". */
static char *
humanize (const char *column)
{
  g_autofree char *spaced = g_strdelimit (g_strdup (column), "_", ' ');
  gunichar first = g_utf8_get_char (spaced);
  char buffer[8] = { 0 };

  if (!g_unichar_islower (first))
    return g_steal_pointer (&spaced);
  g_unichar_to_utf8 (g_unichar_toupper (first), buffer);
  return g_strconcat (buffer, g_utf8_next_char (spaced), NULL);
}

/* A date as stored, to the minute: "2024-11-23 15:58". */
static char *
format_date (const char *date,
             gboolean    with_time)
{
  if (date == NULL)
    return NULL;
  return g_strndup (date, with_time ? 16 : 10);
}

/* The cards ---------------------------------------------------------------- */

static void
fill_contact (SegCustomerView *self)
{
  SegCustomer *customer = self->customer;
  struct { const char *label; const char *value; } known[] = {
    { N_("Name"), customer->name },
    { N_("Email"), customer->email },
    { N_("Phone"), customer->phone },
    { N_("City"), customer->city },
  };
  GtkWidget *details = NULL;
  guint shown = 0;

  clear_list (self->contact_list);
  for (guint i = 0; i < G_N_ELEMENTS (known); i++)
    if (known[i].value != NULL && known[i].value[0] != '\0')
      {
        add_value_row (self->contact_list, _(known[i].label), known[i].value);
        shown++;
      }

  if (customer->customers_table == NULL || customer->fields->len == 0)
    {
      g_autofree char *text = customer->customers_table != NULL ?
        g_strdup_printf (_("The table “%s” has no row for this customer"), customer->customers_table) :
        g_strdup (_("Import a table of customers, with a column of their keys, for names and contact details"));

      add_row (self->contact_list, _("No contact details"), text);
      adw_preferences_group_set_description (self->contact_group, NULL);
      return;
    }

  /* Every other column of their row, folded away. */
  for (guint i = 0; i < customer->fields->len; i++)
    {
      SegCustomerField *field = g_ptr_array_index (customer->fields, i);
      g_autofree char *label = NULL;
      gboolean known_field = FALSE;

      for (guint k = 0; k < G_N_ELEMENTS (known); k++)
        known_field |= known[k].value == field->value && field->value != NULL;
      if (known_field)
        continue;
      if (details == NULL)
        {
          details = adw_expander_row_new ();
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (details),
                                         shown > 0 ? _("More Details") : _("Details"));
          gtk_list_box_append (self->contact_list, details);
        }
      label = humanize (field->column);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (details),
                                value_row (label, field->value != NULL ? field->value : "—"));
    }
  {
    g_autofree char *description = g_strdup_printf (_("From the table “%s”"), customer->customers_table);

    adw_preferences_group_set_description (self->contact_group, description);
  }
}

static void
fill_segments (SegCustomerView *self)
{
  SegCustomer *customer = self->customer;

  clear_list (self->segments_list);
  for (guint i = 0; i < customer->rfm->len; i++)
    {
      SegCustomerRfm *rfm = g_ptr_array_index (customer->rfm, i);
      g_autofree char *spend = seg_measure_format_money (rfm->monetary);
      g_autoptr(GString) subtitle = g_string_new (NULL);
      GtkWidget *row;

      g_string_append_printf (subtitle,
                              g_dngettext (GETTEXT_PACKAGE, "Last order %'" PRId64 " day ago",
                                           "Last order %'" PRId64 " days ago", rfm->recency),
                              rfm->recency);
      g_string_append (subtitle, " · ");
      g_string_append_printf (subtitle,
                              g_dngettext (GETTEXT_PACKAGE, "%'" PRId64 " order", "%'" PRId64 " orders", rfm->frequency),
                              rfm->frequency);
      g_string_append (subtitle, " · ");
      g_string_append_printf (subtitle, _("%s spent"), spend);
      g_string_append_c (subtitle, '\n');
      /* TRANSLATORS: the three RFM scores, each from 1 to 5 */
      g_string_append_printf (subtitle, _("Scores out of 5: recent %d, frequent %d, spending %d"),
                              rfm->r_score, rfm->f_score, rfm->m_score);
      row = add_row (self->segments_list,
                     rfm->segment != NULL ? seg_measure_rfm_segment_label (rfm->segment) : _("Not scored"),
                     subtitle->str);
      gtk_widget_set_tooltip_text (row, _("The customer’s RFM segment: how recently, how often and how much they buy, "
                                          "compared with the other customers"));
    }
  for (guint i = 0; i < customer->clusters->len; i++)
    {
      SegCustomerCluster *cluster = g_ptr_array_index (customer->clusters, i);
      g_autofree char *title = NULL;
      g_autofree char *subtitle = NULL;

      if (cluster->cluster <= 0)
        title = g_strdup (_("In no segment"));
      else if (cluster->name != NULL)
        title = g_strdup (cluster->name);
      else
        title = g_strdup_printf (_("Segment %d"), cluster->cluster);
      if (cluster->cluster > 0)
        /* TRANSLATORS: segment number, the analysis's name, its run number */
        subtitle = g_strdup_printf (_("Segment %d of the %s analysis (run %" PRId64 ")"),
                                    cluster->cluster, cluster->title, cluster->run);
      else
        subtitle = g_strdup_printf (_("Too unlike the others for the %s analysis (run %" PRId64 ")"),
                                    cluster->title, cluster->run);
      add_row (self->segments_list, title, subtitle);
    }
  if (customer->rfm->len == 0 && customer->clusters->len == 0)
    add_row (self->segments_list, _("Not in a segment yet"),
             _("Score the customers or find segments on the Segments page to see where this customer belongs"));
}

static void
fill_products (SegCustomerView *self)
{
  SegCustomer *customer = self->customer;
  GPtrArray *products = gtk_toggle_button_get_active (self->by_spend) ? customer->products_by_spend : customer->products;

  clear_list (self->products_list);
  for (guint i = 0; i < products->len && i < TOP_PRODUCTS; i++)
    {
      SegCustomerProduct *product = g_ptr_array_index (products, i);
      g_autoptr(GString) subtitle = g_string_new (NULL);

      g_string_append_printf (subtitle,
                              g_dngettext (GETTEXT_PACKAGE, "In %'" PRId64 " order", "In %'" PRId64 " orders", product->orders),
                              product->orders);
      if (isfinite (product->quantity))
        {
          g_autofree char *number = seg_customer_format_quantity (product->quantity);

          g_string_append (subtitle, " · ");
          /* TRANSLATORS: how many of a product a customer bought */
          g_string_append_printf (subtitle, _("%s bought"), number);
        }
      if (isfinite (product->spend))
        {
          g_autofree char *money = seg_measure_format_money (product->spend);

          g_string_append (subtitle, " · ");
          g_string_append_printf (subtitle, _("%s spent"), money);
        }
      add_row (self->products_list, product->name != NULL ? product->name : product->item, subtitle->str);
    }
  if (products->len == 0)
    add_row (self->products_list, _("No products bought"),
             customer->orders_table != NULL ? NULL : _("The project has no order lines"));
}

static void
on_by_spend_toggled (SegCustomerView *self)
{
  if (self->customer != NULL)
    fill_products (self);
}

static void
fill_offers (SegCustomerView *self)
{
  SegCustomer *customer = self->customer;
  GtkWidget *more = NULL;
  double best = 0;

  clear_list (self->offers_list);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "customer.copy-offer", customer->offers->len > 0);
  for (guint i = 0; i < customer->offers->len; i++)
    best = MAX (best, ((SegOffer *) g_ptr_array_index (customer->offers, i))->score);

  for (guint i = 0; i < customer->offers->len && i < TOP_OFFERS; i++)
    {
      SegOffer *offer = g_ptr_array_index (customer->offers, i);
      g_autofree char *place = g_strdup_printf ("%u", i + 1);
      g_autofree char *strength = NULL;
      GtkWidget *row = new_row (offer->item_name != NULL ? offer->item_name : offer->item, offer->reason);
      GtkWidget *number = gtk_label_new (place);
      GtkWidget *bar = gtk_level_bar_new_for_interval (0, 1);
      double share = best > 0 ? CLAMP (offer->score / best, 0, 1) : 0;

      gtk_widget_add_css_class (number, "dim-label");
      gtk_widget_add_css_class (number, "numeric");
      gtk_label_set_width_chars (GTK_LABEL (number), 2);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), number);

      /* The score as a bar: how strong the offer is beside the first. */
      gtk_level_bar_set_value (GTK_LEVEL_BAR (bar), share);
      gtk_level_bar_set_mode (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_MODE_CONTINUOUS);
      gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_LOW);
      gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_HIGH);
      gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_FULL);
      gtk_widget_set_size_request (bar, 64, -1);
      gtk_widget_set_valign (bar, GTK_ALIGN_CENTER);
      strength = g_strdup_printf (_("%.0f%% as strong as the first offer"), share * 100);
      gtk_widget_set_tooltip_text (bar, strength);
      gtk_accessible_update_property (GTK_ACCESSIBLE (bar), GTK_ACCESSIBLE_PROPERTY_LABEL, strength, -1);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), bar);

      /* The first offers in view; the others a click away. */
      if (i < SHOWN_OFFERS)
        gtk_list_box_append (self->offers_list, row);
      else
        {
          if (more == NULL)
            {
              g_autofree char *title = NULL;
              guint rest = MIN (customer->offers->len, TOP_OFFERS) - SHOWN_OFFERS;

              more = adw_expander_row_new ();
              title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u More Offer", "%u More Offers", rest), rest);
              adw_preferences_row_set_title (ADW_PREFERENCES_ROW (more), title);
              gtk_list_box_append (self->offers_list, more);
            }
          adw_expander_row_add_row (ADW_EXPANDER_ROW (more), row);
        }
    }

  if (customer->offers_run == 0)
    {
      add_row (self->offers_list, _("No offers yet"),
               _("Run a recommendation analysis to see the products to offer each customer"));
      adw_preferences_group_set_description (self->offers_group, NULL);
    }
  else
    {
      /* TRANSLATORS: the analysis's name and its run number */
      g_autofree char *description = g_strdup_printf (_("From the %s analysis (run %" PRId64 ")"),
                                                      customer->offers_title, customer->offers_run);

      adw_preferences_group_set_description (self->offers_group, description);
      if (customer->offers->len == 0)
        add_row (self->offers_list, _("No offers for this customer"),
                 _("The analysis had nothing to offer them: it may have been run on other customers"));
    }
}

static void
fill_history (SegCustomerView *self)
{
  SegCustomer *customer = self->customer;
  g_autoptr(GString) description = g_string_new (NULL);
  g_autoptr(GtkNoSelection) selection = NULL;

  clear_list (self->history_empty);
  if (customer->history == NULL || g_list_model_get_n_items (G_LIST_MODEL (customer->history)) == 0)
    {
      gtk_list_view_set_model (self->history_view, NULL);
      add_row (self->history_empty, _("No orders"),
               customer->orders_table != NULL ? NULL : _("The project has no order lines"));
      gtk_stack_set_visible_child_name (self->history_stack, "none");
      adw_preferences_group_set_description (self->history_group, NULL);
      return;
    }

  g_string_append_printf (description,
                          g_dngettext (GETTEXT_PACKAGE, "%'" PRId64 " order", "%'" PRId64 " orders", customer->orders),
                          customer->orders);
  g_string_append (description, " · ");
  g_string_append_printf (description,
                          g_dngettext (GETTEXT_PACKAGE, "%'" PRId64 " line", "%'" PRId64 " lines", customer->lines),
                          customer->lines);
  if (isfinite (customer->spend))
    {
      g_autofree char *money = seg_measure_format_money (customer->spend);

      g_string_append (description, " · ");
      g_string_append_printf (description, _("%s spent"), money);
    }
  if (customer->returns > 0 || customer->returned > 0)
    {
      g_autofree char *money = seg_measure_format_money (customer->returned);

      g_string_append (description, " · ");
      /* TRANSLATORS: the value of what a customer gave back */
      g_string_append_printf (description, _("%s returned"), money);
    }
  if (customer->first_order != NULL && customer->last_order != NULL)
    {
      g_autofree char *first = format_date (customer->first_order, FALSE);
      g_autofree char *last = format_date (customer->last_order, FALSE);

      g_string_append_c (description, '\n');
      /* TRANSLATORS: the dates of a customer's first and latest orders */
      g_string_append_printf (description, _("First order on %s, latest on %s"), first, last);
    }
  adw_preferences_group_set_description (self->history_group, description->str);

  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (customer->history)));
  gtk_list_view_set_model (self->history_view, GTK_SELECTION_MODEL (selection));
  gtk_stack_set_visible_child_name (self->history_stack, "orders");
}

static void
setup_order (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             gpointer                  data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *heading = gtk_label_new (NULL);
  GtkWidget *products = gtk_label_new (NULL);
  GtkWidget *total = gtk_label_new (NULL);

  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_widget_set_hexpand (text, TRUE);
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_label_set_ellipsize (GTK_LABEL (heading), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (heading, "heading");
  gtk_label_set_xalign (GTK_LABEL (products), 0);
  gtk_label_set_wrap (GTK_LABEL (products), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (products), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_lines (GTK_LABEL (products), 2);
  gtk_label_set_ellipsize (GTK_LABEL (products), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (products, "caption");
  gtk_widget_add_css_class (products, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (total), 1);
  gtk_widget_set_valign (total, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (total, "numeric");
  gtk_box_append (GTK_BOX (text), heading);
  gtk_box_append (GTK_BOX (text), products);
  gtk_box_append (GTK_BOX (box), text);
  gtk_box_append (GTK_BOX (box), total);
  gtk_list_item_set_child (item, box);
  gtk_list_item_set_activatable (item, FALSE);
}

static void
bind_order (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  data)
{
  SegCustomerOrder *order = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *text = gtk_widget_get_first_child (box);
  GtkWidget *heading = gtk_widget_get_first_child (text);
  GtkWidget *products = gtk_widget_get_next_sibling (heading);
  GtkWidget *total = gtk_widget_get_next_sibling (text);
  g_autofree char *date = format_date (seg_customer_order_get_date (order), TRUE);
  const char *invoice = seg_customer_order_get_invoice (order);
  g_autofree char *title = NULL;
  g_autofree char *money = seg_measure_format_money (seg_customer_order_get_total (order));
  g_autofree char *lines = NULL;

  if (date != NULL && invoice != NULL)
    title = g_strdup_printf ("%s · %s", date, invoice);
  else
    title = g_strdup (date != NULL ? date : invoice != NULL ? invoice : "");
  lines = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u line: %s", "%u lines: %s",
                                        seg_customer_order_get_n_lines (order)),
                           seg_customer_order_get_n_lines (order), seg_customer_order_get_products (order));
  gtk_label_set_text (GTK_LABEL (heading), title);
  gtk_label_set_text (GTK_LABEL (products), lines);
  gtk_widget_set_tooltip_text (products, seg_customer_order_get_products (order));
  gtk_label_set_text (GTK_LABEL (total), money);
  if (seg_customer_order_get_total (order) < 0)
    gtk_widget_add_css_class (total, "error");
  else
    gtk_widget_remove_css_class (total, "error");
}

static void
fill (SegCustomerView *self)
{
  g_autofree char *name = seg_customer_get_display_name (self->customer);
  g_autofree char *subtitle = NULL;

  if (self->customer->name != NULL && self->customer->city != NULL)
    subtitle = g_strdup_printf ("%s · %s", self->customer->key, self->customer->city);
  else if (self->customer->name != NULL)
    subtitle = g_strdup (self->customer->key);
  adw_window_title_set_title (self->title, self->customer->name != NULL ? self->customer->name : name);
  adw_window_title_set_subtitle (self->title, subtitle);

  fill_contact (self);
  fill_segments (self);
  fill_products (self);
  fill_offers (self);
  fill_history (self);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroll), 0);
  gtk_stack_set_visible_child_name (self->stack, "customer");
}

/* Loading ----------------------------------------------------------------- */

static void
set_loading (SegCustomerView *self,
             gboolean         loading)
{
  gtk_spinner_set_spinning (self->spinner, loading);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
on_customer_loaded (GObject      *source,
                    GAsyncResult *result,
                    gpointer      data)
{
  g_autoptr(SegCustomerView) self = data;
  g_autoptr(GError) error = NULL;
  SegCustomer *customer;

  customer = seg_project_get_customer_finish (SEG_PROJECT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->cancellable);

  if (customer == NULL)
    {
      g_free (self->error);
      self->error = g_strdup (error->message);
      adw_status_page_set_description (self->error_page, error->message);
      adw_status_page_set_title (self->error_page,
                                 g_error_matches (error, SEG_CUSTOMER_ERROR, SEG_CUSTOMER_ERROR_UNKNOWN) ?
                                 _("Customer Not Found") : _("Could Not Show the Customer"));
      gtk_stack_set_visible_child_name (self->stack, "error");
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "customer.copy-offer", FALSE);
    }
  else
    {
      self->customer = customer;
      fill (self);
    }
  set_loading (self, FALSE);
}

/**
 * seg_customer_view_show:
 * @key: the customer's key
 * @run: the recommendation run to take the offers from, or 0 for the
 *   newest
 *
 * Gathers and shows one customer of @project; what was shown before is
 * dropped, and its gathering stopped.
 */
void
seg_customer_view_show (SegCustomerView *self,
                        SegProject      *project,
                        const char      *key,
                        gint64           run)
{
  g_return_if_fail (SEG_IS_CUSTOMER_VIEW (self));
  g_return_if_fail (SEG_IS_PROJECT (project));
  g_return_if_fail (key != NULL);

  seg_customer_view_clear (self);
  g_set_object (&self->project, project);
  self->key = g_strdup (key);
  self->run = run;
  self->cancellable = g_cancellable_new ();

  adw_window_title_set_title (self->title, key);
  adw_window_title_set_subtitle (self->title, NULL);
  gtk_stack_set_visible_child_name (self->stack, "loading");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "customer.copy-offer", FALSE);
  seg_project_get_customer_async (project, key, run, self->cancellable, on_customer_loaded, g_object_ref (self));
  set_loading (self, TRUE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KEY]);
}

/**
 * seg_customer_view_clear:
 *
 * Stops what is being gathered and forgets the customer shown, as when
 * their project closes.
 */
void
seg_customer_view_clear (SegCustomerView *self)
{
  g_return_if_fail (SEG_IS_CUSTOMER_VIEW (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_list_view_set_model (self->history_view, NULL);
  g_clear_pointer (&self->customer, seg_customer_free);
  g_clear_pointer (&self->key, g_free);
  g_clear_pointer (&self->error, g_free);
  g_clear_object (&self->project);
  gtk_spinner_set_spinning (self->spinner, FALSE);
}

/* Actions ----------------------------------------------------------------- */

/**
 * seg_customer_view_copy_offer:
 *
 * Puts the customer's name and their first three offers with the reasons
 * on the clipboard, and says so.
 *
 * Returns: (transfer full) (nullable): the text copied, or %NULL with no
 *   customer shown
 */
char *
seg_customer_view_copy_offer (SegCustomerView *self)
{
  g_autofree char *text = NULL;
  g_autofree char *who = NULL;
  g_autofree char *title = NULL;
  GtkWidget *overlay;

  g_return_val_if_fail (SEG_IS_CUSTOMER_VIEW (self), NULL);

  if (self->customer == NULL)
    return NULL;
  text = seg_customer_format_offer (self->customer, COPIED_OFFERS);
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);

  who = seg_customer_get_display_name (self->customer);
  title = g_strdup_printf (_("Offer for %s copied"), who);
  overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (title));
  return g_steal_pointer (&text);
}

static void
copy_offer_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  g_free (seg_customer_view_copy_offer (SEG_CUSTOMER_VIEW (widget)));
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  g_signal_emit (widget, signals[BACK], 0);
}

/* The class ----------------------------------------------------------------- */

static void
seg_customer_view_dispose (GObject *object)
{
  SegCustomerView *self = SEG_CUSTOMER_VIEW (object);

  seg_customer_view_clear (self);

  G_OBJECT_CLASS (seg_customer_view_parent_class)->dispose (object);
}

static void
seg_customer_view_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  SegCustomerView *self = SEG_CUSTOMER_VIEW (object);

  switch (prop_id)
    {
    case PROP_KEY: g_value_set_string (value, self->key); break;
    case PROP_LOADING: g_value_set_boolean (value, seg_customer_view_get_loading (self)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
seg_customer_view_class_init (SegCustomerViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = seg_customer_view_dispose;
  object_class->get_property = seg_customer_view_get_property;

  properties[PROP_KEY] =
    g_param_spec_string ("key", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SegCustomerView::back:
   *
   * The person asked to leave the customer.
   */
  signals[BACK] = g_signal_new ("back", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/segmenta/Segmenta/seg-customer-view.ui");
  gtk_widget_class_bind_template_child (widget_class, SegCustomerView, title);
  gtk_widget_class_bind_template_child (widget_class, SegCustomerView, stack);
  gtk_widget_class_bind_template_child (widget_class, SegCustomerView, spinner);
  gtk_widget_class_bind_template_child (widget_class, SegCustomerView, error_page);
  gtk_widget_class_bind_template_child (widget_class, SegCustomerView, scroll);
  gtk_widget_class_bind_template_child (widget_class, SegCustomerView, contact_group);
  gtk_widget_class_bind_template_child (widget_class, SegCustomerView, contact_list);
  gtk_widget_class_bind_template_child (widget_class, SegCustomerView, segments_group);
  gtk_widget_class_bind_template_child (widget_class, SegCustomerView, segments_list);
  gtk_widget_class_bind_template_child (widget_class, SegCustomerView, products_group);
  gtk_widget_class_bind_template_child (widget_class, SegCustomerView, products_list);
  gtk_widget_class_bind_template_child (widget_class, SegCustomerView, offers_group);
  gtk_widget_class_bind_template_child (widget_class, SegCustomerView, offers_list);
  gtk_widget_class_bind_template_child (widget_class, SegCustomerView, history_group);
  gtk_widget_class_bind_template_child (widget_class, SegCustomerView, history_stack);
  gtk_widget_class_bind_template_child (widget_class, SegCustomerView, history_view);
  gtk_widget_class_bind_template_child (widget_class, SegCustomerView, history_empty);

  gtk_widget_class_install_action (widget_class, "customer.back", NULL, back_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "customer.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "customer.back", NULL);
  gtk_widget_class_install_action (widget_class, "customer.copy-offer", NULL, copy_offer_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "customer.copy-offer", NULL);
}

static void
seg_customer_view_init (SegCustomerView *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  GtkWidget *toggles, *often;

  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect (factory, "setup", G_CALLBACK (setup_order), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_order), NULL);
  gtk_list_view_set_factory (self->history_view, factory);

  /* The products by how often, or by how much, the customer bought them. */
  toggles = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_widget_add_css_class (toggles, "linked");
  gtk_widget_set_valign (toggles, GTK_ALIGN_CENTER);
  often = gtk_toggle_button_new_with_mnemonic (_("_Often"));
  gtk_widget_set_tooltip_text (often, _("The products in the most orders first"));
  self->by_spend = GTK_TOGGLE_BUTTON (gtk_toggle_button_new_with_mnemonic (_("_Spend")));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->by_spend), _("The products the customer spent the most on first"));
  gtk_toggle_button_set_group (self->by_spend, GTK_TOGGLE_BUTTON (often));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (often), TRUE);
  gtk_widget_add_css_class (often, "small-button");
  gtk_widget_add_css_class (GTK_WIDGET (self->by_spend), "small-button");
  gtk_box_append (GTK_BOX (toggles), often);
  gtk_box_append (GTK_BOX (toggles), GTK_WIDGET (self->by_spend));
  adw_preferences_group_set_header_suffix (self->products_group, toggles);
  g_signal_connect_object (self->by_spend, "toggled", G_CALLBACK (on_by_spend_toggled), self, G_CONNECT_SWAPPED);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "customer.copy-offer", FALSE);
}

GtkWidget *
seg_customer_view_new (void)
{
  return g_object_new (SEG_TYPE_CUSTOMER_VIEW, NULL);
}

/** seg_customer_view_get_key: Returns: (nullable): the customer shown */
const char *
seg_customer_view_get_key (SegCustomerView *self)
{
  g_return_val_if_fail (SEG_IS_CUSTOMER_VIEW (self), NULL);
  return self->key;
}

gboolean
seg_customer_view_get_loading (SegCustomerView *self)
{
  g_return_val_if_fail (SEG_IS_CUSTOMER_VIEW (self), FALSE);
  return self->cancellable != NULL;
}

/** seg_customer_view_get_customer: Returns: (nullable) (transfer none): what is shown */
SegCustomer *
seg_customer_view_get_customer (SegCustomerView *self)
{
  g_return_val_if_fail (SEG_IS_CUSTOMER_VIEW (self), NULL);
  return self->customer;
}

/** seg_customer_view_get_error: Returns: (nullable): why no customer is shown */
const char *
seg_customer_view_get_error (SegCustomerView *self)
{
  g_return_val_if_fail (SEG_IS_CUSTOMER_VIEW (self), NULL);
  return self->error;
}

/**
 * seg_customer_view_get_card:
 * @name: "contact", "segments", "products", "offers" or "history"
 *
 * Returns: (transfer none) (nullable): the card's list of rows (the
 *   history's list view)
 */
GtkWidget *
seg_customer_view_get_card (SegCustomerView *self,
                            const char      *name)
{
  g_return_val_if_fail (SEG_IS_CUSTOMER_VIEW (self), NULL);

  if (g_str_equal (name, "contact"))
    return GTK_WIDGET (self->contact_list);
  if (g_str_equal (name, "segments"))
    return GTK_WIDGET (self->segments_list);
  if (g_str_equal (name, "products"))
    return GTK_WIDGET (self->products_list);
  if (g_str_equal (name, "offers"))
    return GTK_WIDGET (self->offers_list);
  if (g_str_equal (name, "history"))
    return GTK_WIDGET (self->history_view);
  return NULL;
}
