/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "seg-baskets-page.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <math.h>
#include <string.h>

#include "seg-customer.h"
#include "seg-dataset.h"
#include "seg-item-sales.h"
#include "seg-model-dialog.h"
#include "seg-plot.h"
#include "seg-rule-actions.h"
#include "seg-rule-row.h"
#include "seg-rules-chart.h"
#include "seg-rules-model.h"
#include "seg-run-points.h"
#include "seg-run-record.h"
#include "seg-session.h"
#include "seg-table-rows.h"
#include "seg-view-helpers.h"

/*
 * The Baskets page: what sells together. On the left the page says what
 * a basket and an item are, guessed from the order lines' columns, and
 * how common and how reliable a rule must be; Find Rules mines them
 * with the usual model (FP-growth) through the window's run manager,
 * Choose Model… through the shared model dialog. On the right the run's
 * rules: a table sortable by every measure, kept to a search and
 * without the redundant ones if asked, the same rules as a scatter and
 * as a matrix, and bundles to offer. A rule selected leads to the
 * customers to offer its last item, and to each of its items' own
 * view. A run cancelled or failed leaves the project as it was: the
 * run machinery writes nothing until it succeeds.
 */

/* Rows of the lists beside the rules ---------------------------------------- */

/* An entry of a list the page was handed (customers, bundles, items
 * bought together): the list keeps the data, the row points into it. */
#define SEG_TYPE_BASKETS_ENTRY (seg_baskets_entry_get_type ())

G_DECLARE_FINAL_TYPE (SegBasketsEntry, seg_baskets_entry, SEG, BASKETS_ENTRY, GObject)

struct _SegBasketsEntry
{
  GObject  parent_instance;

  gpointer data;
};

G_DEFINE_FINAL_TYPE (SegBasketsEntry, seg_baskets_entry, G_TYPE_OBJECT)

static void
seg_baskets_entry_class_init (SegBasketsEntryClass *klass)
{
}

static void
seg_baskets_entry_init (SegBasketsEntry *self)
{
}

/* A store of entries for each element of @array, which must outlive it. */
static GListStore *
entries_of (GPtrArray *array)
{
  GListStore *store = g_list_store_new (SEG_TYPE_BASKETS_ENTRY);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; array != NULL && i < array->len; i++)
    {
      SegBasketsEntry *entry = g_object_new (SEG_TYPE_BASKETS_ENTRY, NULL);

      entry->data = g_ptr_array_index (array, i);
      g_ptr_array_add (items, entry);
    }
  g_list_store_splice (store, 0, 0, items->pdata, items->len);
  return store;
}

/* The page ------------------------------------------------------------------- */

typedef enum
{
  ROLE_TABLE,
  ROLE_BASKET,
  ROLE_ITEM,
  ROLE_CUSTOMER,
  ROLE_DATE,
  ROLE_CATEGORY,
  N_ROLES
} Role;

static const char *const role_names[N_ROLES] = {
  "table", "basket", "item", "customer", "date", "category",
};

enum {
  COLUMN_LHS,
  COLUMN_RHS,
  COLUMN_SUPPORT,
  COLUMN_CONFIDENCE,
  COLUMN_LIFT,
  COLUMN_LEVERAGE,
  COLUMN_CONVICTION,
  COLUMN_P_VALUE,
  COLUMN_COUNT,
  N_COLUMNS
};

static const char *const column_properties[N_COLUMNS] = {
  "lhs", "rhs", "support", "confidence", "lift", "leverage", "conviction", "p-value", "count",
};

typedef enum
{
  PHASE_IDLE,
  PHASE_DIALOG,
  PHASE_FIT,
} Phase;

struct _SegBasketsPage
{
  SegPage              parent_instance;

  GtkRevealer         *settings_revealer;
  GtkToggleButton     *settings_toggle;
  AdwComboRow         *table_row;
  AdwComboRow         *basket_row;
  AdwComboRow         *item_row;
  AdwComboRow         *level_row;
  AdwComboRow         *category_row;
  AdwComboRow         *customer_row;
  AdwComboRow         *date_row;
  AdwComboRow         *rows[N_ROLES];
  GtkSpinButton       *support_spin;
  GtkSpinButton       *confidence_spin;
  GtkLabel            *check_label;
  GtkRevealer         *progress_revealer;
  GtkLabel            *progress_label;
  GtkProgressBar      *progress_bar;
  GtkStack            *result_stack;
  AdwStatusPage       *empty_status;
  GtkLabel            *summary_label;
  GtkStack            *views;
  GtkSearchEntry      *search_entry;
  GtkSwitch           *redundant_switch;
  GtkLabel            *count_label;
  GtkColumnView       *column_view;
  GtkWidget           *scatter_chart;
  GtkWidget           *matrix_chart;
  GtkStack            *bundles_stack;
  GtkColumnView       *bundles_view;
  GtkRevealer         *rule_revealer;
  GtkLabel            *rule_label;
  GtkMenuButton       *items_button;
  GtkLabel            *audience_label;
  GtkStack            *audience_stack;
  GtkColumnView       *audience_view;
  GtkLabel            *item_label;
  GtkDrawingArea      *sales_area;
  GtkColumnView       *together_view;
  GtkColumnViewColumn *columns[N_COLUMNS];

  SegProject          *project;
  char                *products;      /* the products table of the orders, if any */
  char                *check_text;
  gboolean             updating;
  gboolean             table_guessed;

  Phase                phase;

  gint64               shown;
  char                *orders_table;  /* the shown run's */
  GHashTable          *item_names;    /* code → name, for the shown run's items */
  GListStore          *rules;         /* of SegRuleRow, as the run ranked them */
  GtkCustomFilter     *filter;
  GtkFilterListModel  *filtered;
  GtkSortListModel    *sorted;
  GtkSingleSelection  *selection;
  char                *search;        /* casefolded */

  GCancellable        *lookup;        /* the audience or the item being read */
  GCancellable        *bundles_lookup;
  SegRuleAudience     *audience;
  GHashTable          *audience_names;
  GPtrArray           *bundles;       /* of SegBundle */
  gint64               bundles_run;
  GPtrArray           *together;      /* of SegTogether */
  SegItemSales        *sales;
  char                *item_text;
};

G_DEFINE_FINAL_TYPE (SegBasketsPage, seg_baskets_page, SEG_TYPE_PAGE)

static void update_check (SegBasketsPage *self);
static void update_state (SegBasketsPage *self);
static void show_bundles (SegBasketsPage *self);

/* Words ------------------------------------------------------------------------ */

static char *
format_percent (double share,
                int    decimals)
{
  if (!isfinite (share))
    return g_strdup ("—");
  /* TRANSLATORS: a share in percent, such as “1.25 %” */
  return g_strdup_printf (_("%.*f %%"), decimals, 100 * share);
}

static char *
format_measure (int    column,
                double value)
{
  if (column == COLUMN_CONVICTION && (isinf (value) || value >= G_MAXDOUBLE))
    return g_strdup ("∞");
  if (!isfinite (value))
    return g_strdup ("—");
  switch (column)
    {
    case COLUMN_SUPPORT: return format_percent (value, value < 0.001 ? 3 : 2);
    case COLUMN_CONFIDENCE: return format_percent (value, 0);
    /* TRANSLATORS: a lift, how many times as often as chance */
    case COLUMN_LIFT: return g_strdup_printf (_("%.2f×"), value);
    case COLUMN_LEVERAGE: return g_strdup_printf ("%.4f", value);
    case COLUMN_CONVICTION: return g_strdup_printf ("%.2f", value);
    case COLUMN_P_VALUE: return value < 0.0001 ? g_strdup ("< 0.0001") : g_strdup_printf ("%.4f", value);
    case COLUMN_COUNT: return g_strdup_printf ("%'.0f", value);
    default: return g_strdup_printf ("%g", value);
    }
}

/* An item for people: its product name, where the project has one. */
static const char *
item_name (SegBasketsPage *self,
           const char     *code)
{
  const char *name = self->item_names != NULL ? g_hash_table_lookup (self->item_names, code) : NULL;

  return name != NULL && *name != '\0' ? name : code;
}

/* Items joined by " + ", each by its name. */
static char *
name_items (SegBasketsPage *self,
            const char     *joined)
{
  g_auto(GStrv) codes = g_strsplit (joined != NULL ? joined : "", " + ", -1);
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  g_auto(GStrv) named = NULL;

  for (guint i = 0; codes[i] != NULL; i++)
    g_strv_builder_add (names, item_name (self, codes[i]));
  named = g_strv_builder_end (names);
  return g_strjoinv (" + ", named);
}

/* Settings -------------------------------------------------------------------- */

/* The column a row names, or NULL for its "none" (item 0) where it has one. */
static const char *
row_column (SegBasketsPage *self,
            Role            role)
{
  guint selected = adw_combo_row_get_selected (self->rows[role]);

  if (selected == GTK_INVALID_LIST_POSITION)
    return NULL;
  if (selected == 0 && role != ROLE_TABLE && role != ROLE_ITEM && role != ROLE_CATEGORY)
    return NULL;
  return seg_view_selected_string (self->rows[role]);
}

static gboolean
by_category (SegBasketsPage *self)
{
  return adw_combo_row_get_selected (self->level_row) == 1;
}

static gboolean
is_orders (SegTableInfo *info)
{
  return info->origin == NULL && seg_orders_guess_column (info, SEG_ORDER_ROLE_ITEM) != NULL &&
         (seg_orders_guess_column (info, SEG_ORDER_ROLE_INVOICE) != NULL ||
          seg_orders_guess_column (info, SEG_ORDER_ROLE_CUSTOMER) != NULL);
}

static void
set_list (AdwComboRow       *row,
          const char        *none,
          const char *const *names,
          const char        *guess)
{
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);
  guint selected = 0, offset = none != NULL ? 1 : 0;

  if (none != NULL)
    gtk_string_list_append (list, none);
  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      gtk_string_list_append (list, names[i]);
      if (g_strcmp0 (names[i], guess) == 0)
        selected = i + offset;
    }
  adw_combo_row_set_model (row, G_LIST_MODEL (list));
  adw_combo_row_set_selected (row, selected);
}

static GStrv
column_names (SegTableInfo *info)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint c = 0; info != NULL && c < info->columns->len; c++)
    g_strv_builder_add (builder, ((SegColumnInfo *) g_ptr_array_index (info->columns, c))->name);
  return g_strv_builder_end (builder);
}

/* The products table's column of categories: the first whose name says so. */
static const char *
guess_category (SegTableInfo *info)
{
  for (guint c = 0; info != NULL && c < info->columns->len; c++)
    {
      const char *name = ((SegColumnInfo *) g_ptr_array_index (info->columns, c))->name;
      g_autofree char *folded = g_utf8_casefold (name, -1);

      if (strstr (folded, "category") != NULL || strstr (folded, "类别") != NULL || strstr (folded, "分类") != NULL)
        return name;
    }
  return NULL;
}

static void
fill_categories (SegBasketsPage *self)
{
  g_autoptr(SegTableInfo) products = NULL;
  g_autofree char *key = NULL;
  g_autofree char *name = NULL;
  g_auto(GStrv) names = NULL;
  const char *orders = seg_view_selected_string (self->table_row);
  const char *item = row_column (self, ROLE_ITEM);

  g_clear_pointer (&self->products, g_free);
  if (self->project != NULL && orders != NULL && item != NULL)
    seg_project_find_products (self->project, orders, item, &self->products, &key, &name);
  if (self->products != NULL)
    products = seg_project_get_table (self->project, self->products, NULL);
  names = column_names (products);
  self->updating = TRUE;
  set_list (self->category_row, NULL, (const char *const *) names, guess_category (products));
  self->updating = FALSE;
}

static void
fill_columns (SegBasketsPage *self)
{
  g_autoptr(SegTableInfo) info = NULL;
  g_auto(GStrv) names = NULL;
  const char *table = seg_view_selected_string (self->table_row);

  info = self->project != NULL && table != NULL ? seg_project_get_table (self->project, table, NULL) : NULL;
  names = column_names (info);
  self->updating = TRUE;
  set_list (self->basket_row, _("None: a customer’s day"), (const char *const *) names,
            info != NULL ? seg_orders_guess_column (info, SEG_ORDER_ROLE_INVOICE) : NULL);
  set_list (self->item_row, NULL, (const char *const *) names,
            info != NULL ? seg_orders_guess_column (info, SEG_ORDER_ROLE_ITEM) : NULL);
  set_list (self->customer_row, _("—"), (const char *const *) names,
            info != NULL ? seg_orders_guess_column (info, SEG_ORDER_ROLE_CUSTOMER) : NULL);
  set_list (self->date_row, _("—"), (const char *const *) names,
            info != NULL ? seg_orders_guess_column (info, SEG_ORDER_ROLE_DATE) : NULL);
  self->updating = FALSE;
  fill_categories (self);
  update_check (self);
}

static void
fill_tables (SegBasketsPage *self)
{
  g_autofree char *kept = g_strdup (seg_view_selected_string (self->table_row));
  g_autofree char *before = g_strdup (kept);

  /* A table the page guessed is guessed again among the new ones; one
   * someone chose stays. */
  if (self->table_guessed)
    g_clear_pointer (&kept, g_free);
  if (seg_view_fill_table_row (self->table_row, self->project, kept, is_orders, &self->updating))
    self->table_guessed = TRUE;
  if (g_strcmp0 (before, seg_view_selected_string (self->table_row)) != 0)
    fill_columns (self);
  else
    update_check (self);
}

/* Says back in plain words what a basket and an item are and what a
 * rule must reach. */
static void
update_check (SegBasketsPage *self)
{
  const char *table = seg_view_selected_string (self->table_row);
  const char *basket = row_column (self, ROLE_BASKET);
  const char *item = row_column (self, ROLE_ITEM);
  const char *customer = row_column (self, ROLE_CUSTOMER);
  const char *date = row_column (self, ROLE_DATE);
  double support = gtk_spin_button_get_value (self->support_spin);
  double confidence = gtk_spin_button_get_value (self->confidence_spin);
  g_autofree char *basket_text = NULL;
  g_autofree char *item_text = NULL;
  g_autofree char *rule_text = NULL;

  if (self->updating)
    return;
  gtk_widget_set_visible (GTK_WIDGET (self->date_row), basket == NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->category_row), by_category (self));
  g_clear_pointer (&self->check_text, g_free);

  if (self->project == NULL || table == NULL)
    self->check_text = g_strdup (_("Import your order lines on the Data page first: a table with an order or "
                                   "a customer and a product on each line."));
  else if (item == NULL)
    self->check_text = g_strdup (_("Choose the column that names the product of each line."));
  else if (basket == NULL && (customer == NULL || date == NULL))
    self->check_text = g_strdup (_("Without an order column, a basket is what a customer bought on one day: "
                                   "choose the customer and the order date."));
  else if (by_category (self) && (self->products == NULL || seg_view_selected_string (self->category_row) == NULL))
    self->check_text = g_strdup (_("To look at categories, the project needs a products table with a column of "
                                   "categories; import one on the Data page."));
  else
    {
      if (basket != NULL)
        /* TRANSLATORS: %s is a column, such as “invoice” */
        basket_text = g_strdup_printf (_("A basket is one order: the lines that share their %s."), basket);
      else
        /* TRANSLATORS: the first %s is the customer column, the second the date column */
        basket_text = g_strdup_printf (_("A basket is what one customer (%s) bought on one day (%s)."),
                                       customer, date);
      if (by_category (self))
        item_text = g_strdup_printf (_("An item is a category: the %s of the product in %s."),
                                     seg_view_selected_string (self->category_row), item);
      else
        item_text = g_strdup_printf (_("An item is a product, as %s names it."), item);
      rule_text = g_strdup_printf (_("A rule must hold in at least %.2g %% of the baskets and be right at least "
                                     "%.0f %% of the time."), support, confidence);
      self->check_text = g_strdup_printf ("%s %s %s", basket_text, item_text, rule_text);
    }
  gtk_label_set_label (self->check_label, self->check_text);
  update_state (self);
}

static gboolean
settings_ready (SegBasketsPage *self)
{
  const char *basket = row_column (self, ROLE_BASKET);

  return self->project != NULL && seg_view_selected_string (self->table_row) != NULL &&
         row_column (self, ROLE_ITEM) != NULL &&
         (basket != NULL || (row_column (self, ROLE_CUSTOMER) != NULL && row_column (self, ROLE_DATE) != NULL)) &&
         (!by_category (self) || (self->products != NULL && seg_view_selected_string (self->category_row) != NULL));
}

static void
on_table_selected (SegBasketsPage *self)
{
  if (self->updating)
    return;
  self->table_guessed = FALSE;
  fill_columns (self);
}

static void
on_item_selected (SegBasketsPage *self)
{
  if (self->updating)
    return;
  fill_categories (self);
  update_check (self);
}

/* Sets the settings on the model the run fits. */
static void
apply_settings (SegBasketsPage *self,
                SegModel       *model)
{
  g_object_set (model,
                "table", seg_view_selected_string (self->table_row),
                "basket", row_column (self, ROLE_BASKET),
                "item", row_column (self, ROLE_ITEM),
                "customer", row_column (self, ROLE_CUSTOMER),
                "date", row_column (self, ROLE_DATE),
                "min-support", gtk_spin_button_get_value (self->support_spin) / 100,
                "min-confidence", gtk_spin_button_get_value (self->confidence_spin) / 100,
                "item-level", by_category (self) ? SEG_ITEM_LEVEL_CATEGORY : SEG_ITEM_LEVEL_PRODUCT,
                NULL);
  if (by_category (self))
    g_object_set (model, "items-table", self->products, "category", seg_view_selected_string (self->category_row),
                  NULL);
  /* What the lines were worth, for the customers' spend and the
   * bundles' revenue, and which lines are returns: from the columns'
   * names, as the other pages guess them. */
  {
    g_autoptr(SegTableInfo) info = seg_project_get_table (self->project, seg_view_selected_string (self->table_row),
                                                          NULL);

    if (info != NULL)
      g_object_set (model,
                    "amount", seg_orders_guess_column (info, SEG_ORDER_ROLE_AMOUNT),
                    "quantity", seg_orders_guess_column (info, SEG_ORDER_ROLE_QUANTITY),
                    "price", seg_orders_guess_column (info, SEG_ORDER_ROLE_PRICE),
                    NULL);
  }
}

/* State ------------------------------------------------------------------------ */

static guint
n_shown (SegBasketsPage *self)
{
  return self->sorted != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->sorted)) : 0;
}

static SegRuleRow *
selected_rule (SegBasketsPage *self)
{
  return gtk_single_selection_get_selected_item (self->selection);
}

static void
update_state (SegBasketsPage *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  SegSession *session = seg_page_get_session (SEG_PAGE (self));
  gboolean busy = self->phase != PHASE_IDLE;
  gboolean other = session != NULL && seg_run_manager_get_busy (seg_session_get_run_manager (session)) &&
                   self->phase != PHASE_FIT;
  gboolean ready = settings_ready (self);
  gboolean audience = self->audience != NULL && self->audience->customers->len > 0;

  gtk_widget_action_set_enabled (widget, "baskets.run", ready && !busy && !other);
  gtk_widget_action_set_enabled (widget, "baskets.choose", self->project != NULL && !busy && !other);
  gtk_widget_action_set_enabled (widget, "baskets.cancel", self->phase == PHASE_FIT);
  gtk_widget_action_set_enabled (widget, "baskets.audience", selected_rule (self) != NULL);
  gtk_widget_action_set_enabled (widget, "baskets.export-audience", audience);
  gtk_widget_action_set_enabled (widget, "baskets.save-segment", audience && session != NULL);
  gtk_widget_action_set_enabled (widget, "baskets.export-chart",
                                 n_shown (self) > 0 && self->views != NULL &&
                                 (g_strcmp0 (gtk_stack_get_visible_child_name (self->views), "scatter") == 0 ||
                                  g_strcmp0 (gtk_stack_get_visible_child_name (self->views), "matrix") == 0));
  gtk_revealer_set_reveal_child (self->progress_revealer, self->phase == PHASE_FIT);
}

static void
update_count (SegBasketsPage *self)
{
  guint all = self->rules != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->rules)) : 0;
  guint n = n_shown (self);
  g_autofree char *text = NULL;

  if (n == all)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u rule", "%'u rules", n), n);
  else
    /* TRANSLATORS: rules shown of all the run's rules */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u of %'u rule", "%'u of %'u rules", all), n, all);
  gtk_label_set_label (self->count_label, text);
}

/* The rule selected, in a sentence, with its items to look at. */
static void
update_rule (SegBasketsPage *self)
{
  SegRuleRow *row = selected_rule (self);
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autofree char *text = NULL;

  gtk_revealer_set_reveal_child (self->rule_revealer, row != NULL);
  if (row != NULL)
    {
      const char *const *lhs = seg_rule_row_get_lhs_items (row);
      const char *const *codes = seg_rule_row_get_codes (row);
      g_autofree char *sentence = seg_rule_row_describe (row);
      guint n_lhs = g_strv_length ((GStrv) lhs);

      text = g_strdup_printf (_("Of the baskets with %s, %.0f %% also hold %s: %s"), seg_rule_row_get_lhs (row),
                              100 * seg_rule_row_get_confidence (row), seg_rule_row_get_rhs (row), sentence);
      /* Each item by its name; its view takes its code. */
      for (guint i = 0; i <= n_lhs; i++)
        {
          g_autoptr(GMenuItem) entry = g_menu_item_new (i < n_lhs ? lhs[i] : seg_rule_row_get_rhs (row), NULL);

          g_menu_item_set_action_and_target (entry, "baskets.show-item", "s", codes[i]);
          g_menu_append_item (menu, entry);
        }
    }
  gtk_label_set_label (self->rule_label, text != NULL ? text : "");
  gtk_menu_button_set_menu_model (self->items_button, G_MENU_MODEL (menu));
  update_state (self);
}

/* Rules ------------------------------------------------------------------------- */

static gboolean
filter_rule (gpointer item,
             gpointer data)
{
  SegBasketsPage *self = data;
  SegRuleRow *row = item;

  if (gtk_switch_get_active (self->redundant_switch) && seg_rule_row_get_redundant (row))
    return FALSE;
  return seg_rule_row_matches (row, self->search);
}

static void
refilter (SegBasketsPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  g_free (self->search);
  self->search = g_utf8_casefold (text, -1);
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_count (self);
  update_rule (self);
}

static void
on_selection_changed (SegBasketsPage *self)
{
  guint selected = gtk_single_selection_get_selected (self->selection);

  seg_rules_chart_set_selected (SEG_RULES_CHART (self->scatter_chart), selected);
  seg_rules_chart_set_selected (SEG_RULES_CHART (self->matrix_chart), selected);
  update_rule (self);
}

static void
on_chart_selected (SegRulesChart  *chart,
                   GParamSpec     *pspec,
                   SegBasketsPage *self)
{
  guint selected = seg_rules_chart_get_selected (chart);

  if (selected != GTK_INVALID_LIST_POSITION && selected != gtk_single_selection_get_selected (self->selection))
    gtk_single_selection_set_selected (self->selection, selected);
}

/* The table of the run that holds these columns. */
static char *
find_result_table (SegProject         *project,
                   const SegRunRecord *record,
                   const char         *a,
                   const char         *b)
{
  for (guint i = 0; record->result_tables != NULL && record->result_tables[i] != NULL; i++)
    {
      g_autoptr(SegTableInfo) info = seg_project_get_table (project, record->result_tables[i], NULL);

      if (info != NULL && seg_table_find_column (info, "", a, NULL) != NULL &&
          seg_table_find_column (info, "", b, NULL) != NULL)
        return g_strdup (info->name);
    }
  return NULL;
}

static int
column_of (const SegTableRows *rows,
           const char         *name)
{
  for (guint c = 0; c < rows->n_columns; c++)
    if (g_strcmp0 (rows->names[c], name) == 0)
      return (int) c;
  return -1;
}

static double
number_at (const SegTableRows *rows,
           guint               row,
           int                 column)
{
  const GValue *value = column >= 0 ? seg_table_rows_get_value (rows, row, (guint) column) : NULL;

  if (value == NULL || !G_IS_VALUE (value))
    return NAN;
  if (G_VALUE_HOLDS_DOUBLE (value))
    return g_value_get_double (value);
  if (G_VALUE_HOLDS_INT64 (value))
    return (double) g_value_get_int64 (value);
  if (G_VALUE_HOLDS_BOOLEAN (value))
    return g_value_get_boolean (value);
  return NAN;
}

/* Reads the run's rules, each item by its name. */
static gboolean
load_rules (SegBasketsPage     *self,
            const SegRunRecord *record,
            GError            **error)
{
  g_autofree char *table = find_result_table (self->project, record, "lhs", "rhs");
  g_autoptr(SegTableRows) rows = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  int lhs, rhs, rule, count, support, confidence, lift, leverage, conviction, p, redundant;

  if (table == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("Run %" PRId64 " kept no table of rules; find the rules again"), record->id);
      return FALSE;
    }
  rows = seg_project_read_rows (self->project, table, G_MAXINT, error);
  if (rows == NULL)
    return FALSE;
  lhs = column_of (rows, "lhs");
  rhs = column_of (rows, "rhs");
  rule = column_of (rows, "rule");
  count = column_of (rows, "count");
  support = column_of (rows, "support");
  confidence = column_of (rows, "confidence");
  lift = column_of (rows, "lift");
  leverage = column_of (rows, "leverage");
  conviction = column_of (rows, "conviction");
  p = column_of (rows, "p_adjusted");
  redundant = column_of (rows, "redundant");
  for (guint r = 0; r < rows->n_rows; r++)
    {
      g_autofree char *lhs_text = seg_table_rows_dup_text (rows, r, (guint) lhs);
      g_autofree char *rhs_text = seg_table_rows_dup_text (rows, r, (guint) rhs);
      g_auto(GStrv) codes = g_strsplit (lhs_text != NULL ? lhs_text : "", " + ", -1);
      g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
      g_auto(GStrv) named = NULL;
      g_autoptr(GStrvBuilder) all = g_strv_builder_new ();
      double conv = number_at (rows, r, conviction);
      g_auto(GStrv) all_codes = NULL;
      SegRuleFacts facts;
      SegRuleRow *row;

      for (guint i = 0; codes[i] != NULL; i++)
        g_strv_builder_add (names, item_name (self, codes[i]));
      named = g_strv_builder_end (names);
      /* The codes of its items, as the core's lookups take them. */
      g_strv_builder_addv (all, (const char **) codes);
      g_strv_builder_add (all, rhs_text != NULL ? rhs_text : "");
      all_codes = g_strv_builder_end (all);
      facts = (SegRuleFacts) {
        .lhs = (const char *const *) named,
        .rhs = item_name (self, rhs_text != NULL ? rhs_text : ""),
        .codes = (const char *const *) all_codes,
        .count = (guint64) MAX (0.0, number_at (rows, r, count)),
        .support = number_at (rows, r, support),
        .confidence = number_at (rows, r, confidence),
        .lift = number_at (rows, r, lift),
        .leverage = number_at (rows, r, leverage),
        /* The core leaves out an infinite conviction: the rule always holds. */
        .conviction = isnan (conv) && number_at (rows, r, confidence) >= 1 ? INFINITY : conv,
        .p_value = number_at (rows, r, p),
        .redundant = number_at (rows, r, redundant) > 0,
      };
      row = seg_rule_row_new ((guint) number_at (rows, r, rule), &facts);
      g_ptr_array_add (items, row);
    }
  g_list_store_splice (self->rules, 0, g_list_model_get_n_items (G_LIST_MODEL (self->rules)), items->pdata,
                       items->len);
  return TRUE;
}

static void
drop_lookups (SegBasketsPage *self)
{
  if (self->lookup != NULL)
    g_cancellable_cancel (self->lookup);
  g_clear_object (&self->lookup);
  g_clear_pointer (&self->audience, seg_rule_audience_free);
  g_clear_pointer (&self->audience_names, g_hash_table_unref);
  gtk_column_view_set_model (self->audience_view, NULL);
  gtk_column_view_set_model (self->together_view, NULL);
  g_clear_pointer (&self->together, g_ptr_array_unref);
  g_clear_pointer (&self->sales, seg_item_sales_free);
  g_clear_pointer (&self->item_text, g_free);
}

static void
clear_run (SegBasketsPage *self)
{
  drop_lookups (self);
  if (self->bundles_lookup != NULL)
    g_cancellable_cancel (self->bundles_lookup);
  g_clear_object (&self->bundles_lookup);
  gtk_column_view_set_model (self->bundles_view, NULL);
  g_clear_pointer (&self->bundles, g_ptr_array_unref);
  self->bundles_run = 0;
  g_list_store_remove_all (self->rules);
  g_clear_pointer (&self->item_names, g_hash_table_unref);
  g_clear_pointer (&self->orders_table, g_free);
  self->shown = 0;
}

/* The products' names, from the products table that names the run's
 * items, when its items are products. */
static GHashTable *
read_item_names (SegProject         *project,
                 const SegRunRecord *record)
{
  GHashTable *names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(SegRulesModel) model = seg_rules_model_new_for_record (record, NULL);
  g_autoptr(SegTableRows) rows = NULL;
  g_autofree char *products = NULL;
  g_autofree char *key = NULL;
  g_autofree char *name = NULL;
  SegBasketSource source;
  int key_column, name_column;

  if (model == NULL)
    return names;
  seg_rules_model_get_source (model, &source);
  if (source.level != SEG_ITEM_LEVEL_PRODUCT || source.table == NULL || source.item == NULL ||
      !seg_project_find_products (project, source.table, source.item, &products, &key, &name) ||
      (rows = seg_project_read_rows (project, products, G_MAXINT, NULL)) == NULL)
    return names;
  key_column = column_of (rows, key);
  name_column = column_of (rows, name);
  for (guint r = 0; key_column >= 0 && name_column >= 0 && r < rows->n_rows; r++)
    {
      char *code = seg_table_rows_dup_text (rows, r, (guint) key_column);
      char *text = seg_table_rows_dup_text (rows, r, (guint) name_column);

      if (code != NULL && text != NULL && *g_strstrip (text) != '\0')
        g_hash_table_replace (names, code, text);
      else
        {
          g_free (code);
          g_free (text);
        }
    }
  return names;
}

static gboolean
show_run (SegBasketsPage  *self,
          gint64           id,
          GError         **error)
{
  g_autoptr(SegRunRecord) record = NULL;
  g_autofree char *summary = NULL;
  double baskets, items;
  guint n;

  if (self->project == NULL)
    return FALSE;
  record = seg_project_get_run (self->project, id, error);
  if (record == NULL)
    return FALSE;
  if (record->kind != SEG_MODEL_KIND_RULES)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("Run %" PRId64 " found no rules"), id);
      return FALSE;
    }
  clear_run (self);
  self->orders_table = g_strdup (record->input_table);
  self->item_names = read_item_names (self->project, record);
  if (!load_rules (self, record, error))
    {
      clear_run (self);
      return FALSE;
    }
  self->shown = id;
  n = g_list_model_get_n_items (G_LIST_MODEL (self->rules));
  baskets = seg_run_record_get_metric (record, "baskets");
  items = seg_run_record_get_metric (record, "items");
  /* TRANSLATORS: "Run 5 · FP-growth: 120 rules" */
  summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Run %" PRId64 " · %s: %'u rule from %'.0f baskets of %'.0f items",
                                          "Run %" PRId64 " · %s: %'u rules from %'.0f baskets of %'.0f items", n),
                             id, seg_run_record_get_title (record), n,
                             isfinite (baskets) ? baskets : 0, isfinite (items) ? items : 0);
  gtk_label_set_label (self->summary_label, summary);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->summary_label), summary);
  gtk_stack_set_visible_child_name (self->result_stack, n > 0 ? "rules" : "none");
  if (n > 0 && g_strcmp0 (gtk_stack_get_visible_child_name (self->views), "bundles") == 0)
    show_bundles (self);
  update_count (self);
  update_rule (self);
  return TRUE;
}

/* A project opened again shows its latest rules, as the other pages do. */
static void
show_latest (SegBasketsPage *self)
{
  g_autoptr(GPtrArray) runs = self->project != NULL ? seg_project_list_runs (self->project, NULL) : NULL;
  gint64 latest = 0;

  for (guint i = 0; runs != NULL && i < runs->len; i++)
    {
      SegRunRecord *record = g_ptr_array_index (runs, i);

      if (record->kind == SEG_MODEL_KIND_RULES && g_strcmp0 (record->status, "succeeded") == 0)
        latest = MAX (latest, record->id);
    }
  if (latest > 0)
    {
      g_autoptr(GError) error = NULL;

      if (!show_run (self, latest, &error))
        seg_page_show_error (SEG_PAGE (self), _("Could Not Show the Rules"), error);
    }
}

/* The run flow ------------------------------------------------------------------ */

static void
finish (SegBasketsPage *self)
{
  seg_page_forget_run (SEG_PAGE (self));
  self->phase = PHASE_IDLE;
  update_state (self);
}

static void
seg_baskets_page_run_started (SegPage *page)
{
  SegBasketsPage *self = SEG_BASKETS_PAGE (page);

  self->phase = PHASE_FIT;
  update_state (self);
}

/* The window tells of a failure or a cancel; nothing was written. */
static void
seg_baskets_page_run_finished (SegPage *page,
                               gint64   id)
{
  SegBasketsPage *self = SEG_BASKETS_PAGE (page);
  g_autoptr(GError) local_error = NULL;

  finish (self);
  if (id <= 0)
    return;
  if (!show_run (self, id, &local_error))
    seg_page_show_error (SEG_PAGE (self), _("Could Not Show the Rules"), local_error);
  /* The rules take the whole width; the settings are a click away. */
  else if (seg_baskets_page_get_n_rules (self) > 0)
    gtk_toggle_button_set_active (self->settings_toggle, FALSE);
}

static void
start (SegBasketsPage *self,
       gboolean        with_dialog)
{
  SegSession *session = seg_page_get_session (SEG_PAGE (self));
  g_autoptr(GError) error = NULL;
  g_autoptr(SegModel) model = NULL;
  g_autoptr(SegRun) run = NULL;

  if (self->project == NULL || session == NULL || self->phase != PHASE_IDLE)
    return;
  if (seg_run_manager_get_busy (seg_session_get_run_manager (session)))
    {
      g_set_error_literal (&error, SEG_RUN_MANAGER_ERROR, SEG_RUN_MANAGER_ERROR_BUSY,
                           _("Another analysis is still running. Wait for it to finish, or cancel it, then try again."));
      seg_page_show_error (SEG_PAGE (self), _("Could Not Find the Rules"), error);
      return;
    }
  if (with_dialog)
    {
      GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
      SegModelDialog *dialog = seg_model_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->project,
                                                     SEG_MODEL_KIND_RULES);

      seg_model_dialog_set_session (dialog, session);
      if (seg_view_selected_string (self->table_row) != NULL)
        seg_model_dialog_set_table (dialog, seg_view_selected_string (self->table_row));
      seg_model_dialog_set_algorithm (dialog, "fpgrowth");
      if (seg_model_dialog_get_model (dialog) != NULL && settings_ready (self))
        apply_settings (self, seg_model_dialog_get_model (dialog));
      self->phase = PHASE_DIALOG;
      update_state (self);
      seg_page_present_model_dialog (SEG_PAGE (self), dialog);
      return;
    }
  if (!settings_ready (self))
    {
      g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, self->check_text);
      seg_page_show_error (SEG_PAGE (self), _("Could Not Find the Rules"), error);
      return;
    }
  model = seg_model_new_for_id ("fpgrowth", &error);
  if (model == NULL)
    {
      seg_page_show_error (SEG_PAGE (self), _("Could Not Find the Rules"), error);
      return;
    }
  apply_settings (self, model);
  run = seg_run_new_for_model (self->project, model);
  seg_page_start_run (SEG_PAGE (self), run);
}

/* Cells --------------------------------------------------------------------------- */

static void
setup_label (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             gpointer                  data)
{
  GtkWidget *label = gtk_label_new (NULL);
  gboolean number = GPOINTER_TO_INT (data) >= COLUMN_SUPPORT;

  gtk_label_set_xalign (GTK_LABEL (label), number ? 1.0 : 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  if (number)
    gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (item, label);
}

static void
bind_rule (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  data)
{
  SegRuleRow *row = gtk_list_item_get_item (item);
  GtkLabel *label = GTK_LABEL (gtk_list_item_get_child (item));
  int column = GPOINTER_TO_INT (data);
  g_autofree char *text = NULL;

  if (row == NULL)
    return;
  if (column == COLUMN_LHS)
    text = g_strdup (seg_rule_row_get_lhs (row));
  else if (column == COLUMN_RHS)
    text = g_strdup (seg_rule_row_get_rhs (row));
  else
    {
      GValue value = G_VALUE_INIT;

      g_object_get_property (G_OBJECT (row), column_properties[column], &value);
      text = format_measure (column, G_VALUE_HOLDS_UINT64 (&value) ? (double) g_value_get_uint64 (&value)
                                                                   : g_value_get_double (&value));
      g_value_unset (&value);
    }
  gtk_label_set_label (label, text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (label), column <= COLUMN_RHS ? text : NULL);
}

static void
add_rule_column (SegBasketsPage *self,
                 int             column,
                 const char     *title,
                 int             width,
                 gboolean        expand)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkColumnViewColumn) view_column = NULL;
  GtkExpression *expression = gtk_property_expression_new (SEG_TYPE_RULE_ROW, NULL, column_properties[column]);
  g_autoptr(GtkSorter) sorter = NULL;

  if (column <= COLUMN_RHS)
    sorter = GTK_SORTER (gtk_string_sorter_new (expression));
  else
    sorter = GTK_SORTER (gtk_numeric_sorter_new (expression));
  g_signal_connect (factory, "setup", G_CALLBACK (setup_label), GINT_TO_POINTER (column));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_rule), GINT_TO_POINTER (column));
  view_column = gtk_column_view_column_new (title, g_object_ref (factory));
  gtk_column_view_column_set_sorter (view_column, sorter);
  gtk_column_view_column_set_resizable (view_column, TRUE);
  gtk_column_view_column_set_expand (view_column, expand);
  if (width > 0)
    gtk_column_view_column_set_fixed_width (view_column, width);
  gtk_column_view_append_column (self->column_view, view_column);
  self->columns[column] = view_column;
}

/* The other lists' cells: each column a function of the entry's data. */
typedef char *(*CellText) (SegBasketsPage *self,
                           gpointer        data);

static void
bind_entry (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  data)
{
  SegBasketsEntry *entry = gtk_list_item_get_item (item);
  GtkLabel *label = GTK_LABEL (gtk_list_item_get_child (item));
  SegBasketsPage *self = g_object_get_data (G_OBJECT (factory), "page");
  g_autofree char *text = NULL;

  if (entry == NULL)
    return;
  text = ((CellText) data) (self, entry->data);
  gtk_label_set_label (label, text != NULL ? text : "—");
  gtk_widget_set_tooltip_text (GTK_WIDGET (label), text);
}

static void
add_entry_column (SegBasketsPage *self,
                  GtkColumnView  *view,
                  const char     *title,
                  CellText        text,
                  gboolean        number,
                  int             width,
                  gboolean        expand)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkColumnViewColumn) column = NULL;

  g_object_set_data (G_OBJECT (factory), "page", self);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_label), GINT_TO_POINTER (number ? COLUMN_SUPPORT : COLUMN_LHS));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_entry), text);
  column = gtk_column_view_column_new (title, g_object_ref (factory));
  gtk_column_view_column_set_resizable (column, TRUE);
  gtk_column_view_column_set_expand (column, expand);
  if (width > 0)
    gtk_column_view_column_set_fixed_width (column, width);
  gtk_column_view_append_column (view, column);
}

static char *
audience_key (SegBasketsPage *self,
              gpointer        data)
{
  return g_strdup (((SegRuleCustomer *) data)->customer);
}

static char *
audience_name (SegBasketsPage *self,
               gpointer        data)
{
  const char *name = self->audience_names != NULL
                     ? g_hash_table_lookup (self->audience_names, ((SegRuleCustomer *) data)->customer) : NULL;

  return g_strdup (name);
}

static char *
audience_orders (SegBasketsPage *self,
                 gpointer        data)
{
  return g_strdup_printf ("%'" PRId64, ((SegRuleCustomer *) data)->orders);
}

static char *
audience_spend (SegBasketsPage *self,
                gpointer        data)
{
  double spend = ((SegRuleCustomer *) data)->spend;

  return isfinite (spend) ? g_strdup_printf ("%'.2f", spend) : NULL;
}

static char *
audience_last (SegBasketsPage *self,
               gpointer        data)
{
  return g_strdup (((SegRuleCustomer *) data)->last_order);
}

static char *
bundle_items (SegBasketsPage *self,
              gpointer        data)
{
  return name_items (self, ((SegBundle *) data)->items);
}

static char *
bundle_baskets (SegBasketsPage *self,
                gpointer        data)
{
  return g_strdup_printf ("%'" PRId64, ((SegBundle *) data)->count);
}

static char *
bundle_support (SegBasketsPage *self,
                gpointer        data)
{
  return format_measure (COLUMN_SUPPORT, ((SegBundle *) data)->support);
}

static char *
bundle_lift (SegBasketsPage *self,
             gpointer        data)
{
  return format_measure (COLUMN_LIFT, ((SegBundle *) data)->lift);
}

static char *
bundle_revenue (SegBasketsPage *self,
                gpointer        data)
{
  double revenue = ((SegBundle *) data)->revenue;

  return isfinite (revenue) ? g_strdup_printf ("%'.2f", revenue) : NULL;
}

static char *
together_item (SegBasketsPage *self,
               gpointer        data)
{
  return g_strdup (item_name (self, ((SegTogether *) data)->item));
}

static char *
together_baskets (SegBasketsPage *self,
                  gpointer        data)
{
  return g_strdup_printf ("%'" PRId64, ((SegTogether *) data)->count);
}

static char *
together_confidence (SegBasketsPage *self,
                     gpointer        data)
{
  return format_measure (COLUMN_CONFIDENCE, ((SegTogether *) data)->confidence);
}

static char *
together_lift (SegBasketsPage *self,
               gpointer        data)
{
  return format_measure (COLUMN_LIFT, ((SegTogether *) data)->lift);
}

/* Lookups: audience, bundles, an item -------------------------------------------- */

/* Shows the elements of @array, which must outlive the view's model. */
static void
set_entries (GtkColumnView *view,
             GPtrArray     *array)
{
  g_autoptr(GtkNoSelection) selection = gtk_no_selection_new (G_LIST_MODEL (entries_of (array)));

  gtk_column_view_set_model (view, GTK_SELECTION_MODEL (selection));
}

/* A new lookup of the audience or an item replaces the one under way. */
static GCancellable *
begin_lookup (SegBasketsPage *self)
{
  if (self->lookup != NULL)
    g_cancellable_cancel (self->lookup);
  g_clear_object (&self->lookup);
  self->lookup = g_cancellable_new ();
  return self->lookup;
}

/* Whether a lookup's answer is to be shown; a failure is told. */
static gboolean
end_lookup (SegBasketsPage  *self,
            SegProject      *project,
            GError          *error,
            GCancellable   **cancellable,
            const char      *heading)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || project != self->project)
    return FALSE;
  g_clear_object (cancellable);
  if (error != NULL)
    {
      seg_page_show_error (SEG_PAGE (self), heading, error);
      return FALSE;
    }
  return TRUE;
}

static void
on_audience (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  g_autoptr(SegBasketsPage) self = data;
  g_autoptr(GError) error = NULL;
  SegRuleAudience *audience = seg_project_rule_audience_finish (SEG_PROJECT (source), result, &error);
  g_autofree char *text = NULL;
  g_autofree char *lhs = NULL;
  g_autofree char *rhs = NULL;
  guint n;

  if (!end_lookup (self, SEG_PROJECT (source), error, &self->lookup, _("Could Not Find the Customers to Target")))
    {
      g_clear_pointer (&audience, seg_rule_audience_free);
      return;
    }
  g_clear_pointer (&self->audience, seg_rule_audience_free);
  g_clear_pointer (&self->audience_names, g_hash_table_unref);
  self->audience = audience;
  n = audience->customers->len;
  if (n > 0)
    {
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      g_auto(GStrv) keys = NULL;
      g_autofree char *column = seg_project_find_customer_key_column (self->project, self->orders_table);

      for (guint i = 0; i < n; i++)
        g_strv_builder_add (builder, ((SegRuleCustomer *) g_ptr_array_index (audience->customers, i))->customer);
      keys = g_strv_builder_end (builder);
      if (column != NULL)
        self->audience_names = seg_project_read_names (self->project, column, (const char *const *) keys, NULL);
    }
  lhs = name_items (self, audience->lhs);
  rhs = name_items (self, audience->rhs);
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%'u customer bought %s but never %s: offer it to them",
                                       "%'u customers bought %s but never %s: offer it to them", n),
                          n, lhs, rhs);
  gtk_label_set_label (self->audience_label, text);
  set_entries (self->audience_view, audience->customers);
  gtk_stack_set_visible_child_name (self->audience_stack, n > 0 ? "list" : "nobody");
  update_state (self);
}

static void
on_bundles (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  g_autoptr(SegBasketsPage) self = data;
  g_autoptr(GError) error = NULL;
  GPtrArray *bundles = seg_project_bundles_finish (SEG_PROJECT (source), result, &error);

  if (!end_lookup (self, SEG_PROJECT (source), error, &self->bundles_lookup, _("Could Not Suggest Bundles")))
    {
      g_clear_pointer (&bundles, g_ptr_array_unref);
      return;
    }
  g_clear_pointer (&self->bundles, g_ptr_array_unref);
  self->bundles = bundles;
  set_entries (self->bundles_view, bundles);
  gtk_stack_set_visible_child_name (self->bundles_stack, "list");
}

/* Bundles are read once a run, when first looked at. */
static void
show_bundles (SegBasketsPage *self)
{
  if (self->shown <= 0 || self->bundles_run == self->shown)
    return;
  self->bundles_run = self->shown;
  gtk_stack_set_visible_child_name (self->bundles_stack, "busy");
  self->bundles_lookup = g_cancellable_new ();
  seg_project_bundles_async (self->project, self->shown, 50, self->bundles_lookup, on_bundles, g_object_ref (self));
}

static void
on_view_changed (SegBasketsPage *self)
{
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->views), "bundles") == 0)
    show_bundles (self);
  update_state (self);
}

static void
on_together (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  g_autoptr(SegBasketsPage) self = data;
  g_autoptr(GError) error = NULL;
  GPtrArray *together = seg_project_bought_together_finish (SEG_PROJECT (source), result, &error);

  if (!end_lookup (self, SEG_PROJECT (source), error, &self->lookup, _("Could Not Find What Is Bought With It")))
    {
      g_clear_pointer (&together, g_ptr_array_unref);
      return;
    }
  g_clear_pointer (&self->together, g_ptr_array_unref);
  self->together = together;
  set_entries (self->together_view, together);
}

static void
draw_sales (GtkDrawingArea *area,
            cairo_t        *cr,
            int             width,
            int             height,
            gpointer        data)
{
  SegBasketsPage *self = data;
  SegPlotFrame frame = { 0 };
  SegAxes axes = { .title = _("Baskets with it, month by month"), .no_x_ticks = TRUE };
  guint n = self->sales != NULL ? self->sales->months->len : 0;
  double most = 1;

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  for (guint i = 0; i < n; i++)
    most = MAX (most, g_array_index (self->sales->baskets, double, i));
  frame.xr = (SegRange) { 0, MAX (n, 1u) };
  frame.yr = (SegRange) { 0, most * 1.1 };
  seg_plot_layout (&frame, cr, &axes, width, height, 8);
  seg_plot_draw_axes (cr, &frame, &axes);
  cairo_set_source_rgb (cr, 0.21, 0.52, 0.89);
  for (guint i = 0; i < n; i++)
    {
      double x0 = seg_plot_frame_sx (&frame, i + 0.1), x1 = seg_plot_frame_sx (&frame, i + 0.9);
      double y = seg_plot_frame_sy (&frame, g_array_index (self->sales->baskets, double, i));

      cairo_rectangle (cr, x0, y, MAX (1.0, x1 - x0), frame.y + frame.height - y);
    }
  cairo_fill (cr);
  /* The first and the last month name the span under the bars. */
  if (n > 0)
    {
      cairo_set_source_rgb (cr, 0.3, 0.3, 0.3);
      seg_plot_draw_text (cr, g_ptr_array_index (self->sales->months, 0), frame.x, frame.y + frame.height + 4,
                          0.0, 0.0, FALSE);
      seg_plot_draw_text (cr, g_ptr_array_index (self->sales->months, n - 1), frame.x + frame.width,
                          frame.y + frame.height + 4, 1.0, 0.0, FALSE);
    }
}

/* An item's own view: its sales over time and what is bought with it. */
static void
show_item (SegBasketsPage *self,
           const char     *code)
{
  g_autoptr(GError) error = NULL;
  double total = 0;

  if (self->shown <= 0 || code == NULL)
    return;
  drop_lookups (self);
  self->sales = seg_project_item_sales (self->project, self->shown, code, &error);
  if (self->sales == NULL)
    {
      seg_page_show_error (SEG_PAGE (self), _("Could Not Show the Item"), error);
      return;
    }
  for (guint i = 0; i < self->sales->baskets->len; i++)
    total += g_array_index (self->sales->baskets, double, i);
  self->item_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s: in %'.0f basket", "%s: in %'.0f baskets",
                                                  (gulong) MIN (total, G_MAXLONG)),
                                     item_name (self, code), total);
  gtk_label_set_label (self->item_label, self->item_text);
  gtk_widget_queue_draw (GTK_WIDGET (self->sales_area));
  seg_project_bought_together_async (self->project, self->shown, code, 10, begin_lookup (self), on_together,
                                     g_object_ref (self));
  gtk_stack_set_visible_child_name (self->result_stack, "item");
  update_state (self);
}

/* Actions ------------------------------------------------------------------------- */

static void
run_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  start (SEG_BASKETS_PAGE (widget), FALSE);
}

static void
choose_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  start (SEG_BASKETS_PAGE (widget), TRUE);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SegBasketsPage *self = SEG_BASKETS_PAGE (widget);

  if (self->phase == PHASE_FIT)
    seg_page_cancel_run (SEG_PAGE (self));
}

static void
audience_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  SegBasketsPage *self = SEG_BASKETS_PAGE (widget);
  SegRuleRow *row = selected_rule (self);

  if (row == NULL || self->shown <= 0)
    return;
  drop_lookups (self);
  gtk_label_set_label (self->audience_label, _("Finding the customers to target…"));
  gtk_stack_set_visible_child_name (self->audience_stack, "busy");
  gtk_stack_set_visible_child_name (self->result_stack, "audience");
  seg_project_rule_audience_async (self->project, self->shown, seg_rule_row_get_index (row), begin_lookup (self),
                                   on_audience, g_object_ref (self));
  update_state (self);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SegBasketsPage *self = SEG_BASKETS_PAGE (widget);

  drop_lookups (self);
  gtk_stack_set_visible_child_name (self->result_stack, self->shown > 0 ? "rules" : "empty");
  update_state (self);
}

static void
show_item_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  show_item (SEG_BASKETS_PAGE (widget), g_variant_get_string (parameter, NULL));
}

static char *
save_audience (GtkWidget   *widget,
               const char  *path,
               GError     **error)
{
  SegBasketsPage *self = SEG_BASKETS_PAGE (widget);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  if (!seg_baskets_page_export_audience (self, file, error))
    return NULL;
  return seg_view_describe_target_list (self->audience->customers->len, path);
}

static void
export_audience_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  SegBasketsPage *self = SEG_BASKETS_PAGE (widget);
  /* Translators: a file name; keep it to letters, digits and dashes. */
  g_autofree char *name = g_strdup_printf (_("rule-%" PRId64 "-customers-run-%" PRId64 ".csv"),
                                           self->audience != NULL ? self->audience->rule : 0, self->shown);

  seg_view_export_target_list (widget, name, save_audience);
}

static void
save_segment_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  SegBasketsPage *self = SEG_BASKETS_PAGE (widget);
  guint n = seg_baskets_page_get_n_audience (self);
  g_autofree char *body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                        "Give the %'u customer to target a name to find them again, on every page.",
                                                        "Give the %'u customers to target a name to find them again, on every page.",
                                                        n), n);

  seg_page_ask_to_save_segment (SEG_PAGE (self), body, _("For example: Tea buyers without a teapot"),
                                (SegPageSaveSegment) seg_baskets_page_save_audience);
}

static char *
save_chart (GtkWidget   *widget,
            const char  *path,
            GError     **error)
{
  SegBasketsPage *self = SEG_BASKETS_PAGE (widget);
  gboolean matrix = g_strcmp0 (gtk_stack_get_visible_child_name (self->views), "matrix") == 0;
  g_autofree char *base = NULL;

  if (!seg_rules_chart_export (SEG_RULES_CHART (matrix ? self->matrix_chart : self->scatter_chart), path, error))
    return NULL;
  base = g_path_get_basename (path);
  return g_strdup_printf (_("Saved the chart as %s"), base);
}

static void
export_chart_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  SegBasketsPage *self = SEG_BASKETS_PAGE (widget);
  g_autoptr(GtkFileFilter) filter = seg_view_chart_filter ();
  /* Translators: a file name; keep it to letters, digits and dashes. */
  g_autofree char *name = g_strdup_printf (_("rules-run-%" PRId64 ".png"), self->shown);

  seg_view_choose_and_save (widget, _("Export Chart"), name, filter, save_chart, _("Could Not Export the Chart"));
}

/* The page ------------------------------------------------------------------------ */

static void
seg_baskets_page_busy_changed (SegPage *page)
{
  update_state (SEG_BASKETS_PAGE (page));
}

static void
on_project_changed (SegBasketsPage *self)
{
  if (self->phase == PHASE_IDLE)
    fill_tables (self);
}

static void
seg_baskets_page_project_changed (SegPage    *page,
                                  SegProject *project)
{
  SegBasketsPage *self = SEG_BASKETS_PAGE (page);

  seg_page_close_model_dialog (page);
  finish (self);
  clear_run (self);
  if (self->project != NULL)
    g_signal_handlers_disconnect_by_func (self->project, on_project_changed, self);
  g_set_object (&self->project, project);
  if (project != NULL)
    g_signal_connect_object (project, "changed", G_CALLBACK (on_project_changed), self, G_CONNECT_SWAPPED);
  gtk_stack_set_visible_child_name (self->result_stack, "empty");
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  self->updating = TRUE;
  adw_combo_row_set_model (self->table_row, NULL);
  self->updating = FALSE;
  self->table_guessed = TRUE;
  fill_tables (self);
  fill_columns (self);
  show_latest (self);
  update_state (self);
}

static void
seg_baskets_page_session_changed (SegPage    *page,
                                  SegSession *session)
{
  SegBasketsPage *self = SEG_BASKETS_PAGE (page);

  if (session == NULL)
    return;
  update_state (self);
}

static void
seg_baskets_page_show_run (SegPage *page,
                           gint64   run)
{
  SegBasketsPage *self = SEG_BASKETS_PAGE (page);
  g_autoptr(GError) error = NULL;

  if (!show_run (self, run, &error))
    seg_page_show_error (page, _("Could Not Show the Rules"), error);
}

static void
seg_baskets_page_dispose (GObject *object)
{
  SegBasketsPage *self = SEG_BASKETS_PAGE (object);

  seg_page_close_model_dialog (SEG_PAGE (self));
  seg_page_forget_run (SEG_PAGE (self));
  clear_run (self);
  if (self->project != NULL)
    g_signal_handlers_disconnect_by_func (self->project, on_project_changed, self);
  g_clear_object (&self->project);
  if (self->column_view != NULL)
    gtk_column_view_set_model (self->column_view, NULL);
  g_clear_object (&self->selection);
  g_clear_object (&self->sorted);
  g_clear_object (&self->filtered);
  g_clear_object (&self->filter);
  g_clear_object (&self->rules);

  G_OBJECT_CLASS (seg_baskets_page_parent_class)->dispose (object);
}

static void
seg_baskets_page_finalize (GObject *object)
{
  SegBasketsPage *self = SEG_BASKETS_PAGE (object);

  g_free (self->products);
  g_free (self->check_text);
  g_free (self->orders_table);
  g_free (self->search);
  g_clear_pointer (&self->item_names, g_hash_table_unref);
  g_clear_pointer (&self->bundles, g_ptr_array_unref);

  G_OBJECT_CLASS (seg_baskets_page_parent_class)->finalize (object);
}

static void
seg_baskets_page_class_init (SegBasketsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  SegPageClass *page_class = SEG_PAGE_CLASS (klass);

  object_class->dispose = seg_baskets_page_dispose;
  object_class->finalize = seg_baskets_page_finalize;
  page_class->project_changed = seg_baskets_page_project_changed;
  page_class->session_changed = seg_baskets_page_session_changed;
  page_class->show_run = seg_baskets_page_show_run;
  page_class->run_started = seg_baskets_page_run_started;
  page_class->run_finished = seg_baskets_page_run_finished;
  page_class->busy_changed = seg_baskets_page_busy_changed;
  page_class->kinds = 1 << SEG_MODEL_KIND_RULES;

  g_type_ensure (SEG_TYPE_RULES_CHART);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/segmenta/Segmenta/seg-baskets-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SegBasketsPage, settings_revealer);
  gtk_widget_class_bind_template_child (widget_class, SegBasketsPage, settings_toggle);
  gtk_widget_class_bind_template_child (widget_class, SegBasketsPage, table_row);
  gtk_widget_class_bind_template_child (widget_class, SegBasketsPage, basket_row);
  gtk_widget_class_bind_template_child (widget_class, SegBasketsPage, item_row);
  gtk_widget_class_bind_template_child (widget_class, SegBasketsPage, level_row);
  gtk_widget_class_bind_template_child (widget_class, SegBasketsPage, category_row);
  gtk_widget_class_bind_template_child (widget_class, SegBasketsPage, customer_row);
  gtk_widget_class_bind_template_child (widget_class, SegBasketsPage, date_row);
  gtk_widget_class_bind_template_child (widget_class, SegBasketsPage, support_spin);
  gtk_widget_class_bind_template_child (widget_class, SegBasketsPage, confidence_spin);
  gtk_widget_class_bind_template_child (widget_class, SegBasketsPage, check_label);
  gtk_widget_class_bind_template_child (widget_class, SegBasketsPage, progress_revealer);
  gtk_widget_class_bind_template_child (widget_class, SegBasketsPage, progress_label);
  gtk_widget_class_bind_template_child (widget_class, SegBasketsPage, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, SegBasketsPage, result_stack);
  gtk_widget_class_bind_template_child (widget_class, SegBasketsPage, empty_status);
  gtk_widget_class_bind_template_child (widget_class, SegBasketsPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, SegBasketsPage, views);
  gtk_widget_class_bind_template_child (widget_class, SegBasketsPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, SegBasketsPage, redundant_switch);
  gtk_widget_class_bind_template_child (widget_class, SegBasketsPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, SegBasketsPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, SegBasketsPage, scatter_chart);
  gtk_widget_class_bind_template_child (widget_class, SegBasketsPage, matrix_chart);
  gtk_widget_class_bind_template_child (widget_class, SegBasketsPage, bundles_stack);
  gtk_widget_class_bind_template_child (widget_class, SegBasketsPage, bundles_view);
  gtk_widget_class_bind_template_child (widget_class, SegBasketsPage, rule_revealer);
  gtk_widget_class_bind_template_child (widget_class, SegBasketsPage, rule_label);
  gtk_widget_class_bind_template_child (widget_class, SegBasketsPage, items_button);
  gtk_widget_class_bind_template_child (widget_class, SegBasketsPage, audience_label);
  gtk_widget_class_bind_template_child (widget_class, SegBasketsPage, audience_stack);
  gtk_widget_class_bind_template_child (widget_class, SegBasketsPage, audience_view);
  gtk_widget_class_bind_template_child (widget_class, SegBasketsPage, item_label);
  gtk_widget_class_bind_template_child (widget_class, SegBasketsPage, sales_area);
  gtk_widget_class_bind_template_child (widget_class, SegBasketsPage, together_view);

  gtk_widget_class_install_action (widget_class, "baskets.run", NULL, run_action);
  gtk_widget_class_install_action (widget_class, "baskets.choose", NULL, choose_action);
  gtk_widget_class_install_action (widget_class, "baskets.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "baskets.audience", NULL, audience_action);
  gtk_widget_class_install_action (widget_class, "baskets.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "baskets.show-item", "s", show_item_action);
  gtk_widget_class_install_action (widget_class, "baskets.export-audience", NULL, export_audience_action);
  gtk_widget_class_install_action (widget_class, "baskets.save-segment", NULL, save_segment_action);
  gtk_widget_class_install_action (widget_class, "baskets.export-chart", NULL, export_chart_action);
}

static void
seg_baskets_page_init (SegBasketsPage *self)
{
  g_autoptr(GtkExpression) expression = gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string");
  const char *levels[] = { _("Each product"), _("Each product’s category"), NULL };
  g_autoptr(GtkStringList) level_list = gtk_string_list_new (levels);

  gtk_widget_init_template (GTK_WIDGET (self));
  seg_page_set_run_progress (SEG_PAGE (self), self->progress_label, self->progress_bar, _("Reading the baskets…"),
                             _("Finding what sells together…"), _("Could Not Find the Rules"));
  self->rows[ROLE_TABLE] = self->table_row;
  self->rows[ROLE_BASKET] = self->basket_row;
  self->rows[ROLE_ITEM] = self->item_row;
  self->rows[ROLE_CUSTOMER] = self->customer_row;
  self->rows[ROLE_DATE] = self->date_row;
  self->rows[ROLE_CATEGORY] = self->category_row;
  for (guint r = 0; r < N_ROLES; r++)
    adw_combo_row_set_expression (self->rows[r], expression);
  adw_combo_row_set_model (self->level_row, G_LIST_MODEL (level_list));
  adw_combo_row_set_expression (self->level_row, expression);
  self->table_guessed = TRUE;

  g_signal_connect_object (self->table_row, "notify::selected", G_CALLBACK (on_table_selected), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->item_row, "notify::selected", G_CALLBACK (on_item_selected), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->level_row, "notify::selected", G_CALLBACK (update_check), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->basket_row, "notify::selected", G_CALLBACK (update_check), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->customer_row, "notify::selected", G_CALLBACK (update_check), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->date_row, "notify::selected", G_CALLBACK (update_check), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->category_row, "notify::selected", G_CALLBACK (update_check), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->support_spin, "value-changed", G_CALLBACK (update_check), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->confidence_spin, "value-changed", G_CALLBACK (update_check), self,
                           G_CONNECT_SWAPPED);
  g_object_bind_property (self->settings_toggle, "active", self->settings_revealer, "reveal-child",
                          G_BINDING_SYNC_CREATE);

  add_rule_column (self, COLUMN_LHS, _("Who Buys"), 220, TRUE);
  add_rule_column (self, COLUMN_RHS, _("Also Buys"), 170, FALSE);
  add_rule_column (self, COLUMN_SUPPORT, _("Support"), 80, FALSE);
  add_rule_column (self, COLUMN_CONFIDENCE, _("Confidence"), 96, FALSE);
  add_rule_column (self, COLUMN_LIFT, _("Lift"), 70, FALSE);
  add_rule_column (self, COLUMN_LEVERAGE, _("Leverage"), 84, FALSE);
  add_rule_column (self, COLUMN_CONVICTION, _("Conviction"), 92, FALSE);
  /* Translators: the column of p-values: how likely a rule this strong is a fluke */
  add_rule_column (self, COLUMN_P_VALUE, _("By Chance"), 90, FALSE);
  add_rule_column (self, COLUMN_COUNT, _("Baskets"), 80, FALSE);

  add_entry_column (self, self->audience_view, _("Customer"), audience_key, FALSE, 120, FALSE);
  add_entry_column (self, self->audience_view, _("Name"), audience_name, FALSE, 180, TRUE);
  add_entry_column (self, self->audience_view, _("Orders"), audience_orders, TRUE, 80, FALSE);
  add_entry_column (self, self->audience_view, _("Spent"), audience_spend, TRUE, 100, FALSE);
  add_entry_column (self, self->audience_view, _("Last Order"), audience_last, FALSE, 110, FALSE);
  add_entry_column (self, self->bundles_view, _("Bundle"), bundle_items, FALSE, 300, TRUE);
  add_entry_column (self, self->bundles_view, _("Baskets"), bundle_baskets, TRUE, 80, FALSE);
  add_entry_column (self, self->bundles_view, _("Support"), bundle_support, TRUE, 80, FALSE);
  add_entry_column (self, self->bundles_view, _("Lift"), bundle_lift, TRUE, 70, FALSE);
  add_entry_column (self, self->bundles_view, _("Combined Revenue"), bundle_revenue, TRUE, 140, FALSE);
  add_entry_column (self, self->together_view, _("Item"), together_item, FALSE, 260, TRUE);
  add_entry_column (self, self->together_view, _("Baskets"), together_baskets, TRUE, 80, FALSE);
  add_entry_column (self, self->together_view, _("Confidence"), together_confidence, TRUE, 96, FALSE);
  add_entry_column (self, self->together_view, _("Lift"), together_lift, TRUE, 70, FALSE);

  self->rules = g_list_store_new (SEG_TYPE_RULE_ROW);
  self->filter = gtk_custom_filter_new (filter_rule, self, NULL);
  self->filtered = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->rules)),
                                              GTK_FILTER (g_object_ref (self->filter)));
  self->sorted = gtk_sort_list_model_new (G_LIST_MODEL (g_object_ref (self->filtered)),
                                          g_object_ref (gtk_column_view_get_sorter (self->column_view)));
  self->selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->sorted)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
  seg_rules_chart_set_model (SEG_RULES_CHART (self->scatter_chart), G_LIST_MODEL (self->sorted));
  seg_rules_chart_set_model (SEG_RULES_CHART (self->matrix_chart), G_LIST_MODEL (self->sorted));
  g_signal_connect_object (self->selection, "notify::selected", G_CALLBACK (on_selection_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sorted, "items-changed", G_CALLBACK (update_count), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->scatter_chart, "notify::selected", G_CALLBACK (on_chart_selected), self, 0);
  g_signal_connect_object (self->matrix_chart, "notify::selected", G_CALLBACK (on_chart_selected), self, 0);
  g_signal_connect_object (self->search_entry, "search-changed", G_CALLBACK (refilter), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->redundant_switch, "notify::active", G_CALLBACK (refilter), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->views, "notify::visible-child", G_CALLBACK (on_view_changed), self,
                           G_CONNECT_SWAPPED);
  gtk_drawing_area_set_draw_func (self->sales_area, draw_sales, self, NULL);

  update_check (self);
  update_state (self);
}

/* API --------------------------------------------------------------------------------- */

static int
role_of (const char *role)
{
  for (guint r = 0; r < N_ROLES; r++)
    if (g_strcmp0 (role_names[r], role) == 0)
      return (int) r;
  return -1;
}

/**
 * seg_baskets_page_set_column:
 * @role: "table", "basket", "item", "customer", "date" or "category"
 * @column: (nullable): a column (a table for "table"), or %NULL for none
 *
 * Chooses as a person does in the row of @role.
 *
 * Returns: whether the row offers @column
 */
gboolean
seg_baskets_page_set_column (SegBasketsPage *self,
                             const char     *role,
                             const char     *column)
{
  int r = role_of (role);
  GListModel *model;

  g_return_val_if_fail (SEG_IS_BASKETS_PAGE (self), FALSE);

  if (r < 0 || (model = adw_combo_row_get_model (self->rows[r])) == NULL)
    return FALSE;
  if (column == NULL && r != ROLE_TABLE && r != ROLE_ITEM && r != ROLE_CATEGORY)
    {
      adw_combo_row_set_selected (self->rows[r], 0);
      return TRUE;
    }
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (model, i);

      if (g_strcmp0 (gtk_string_object_get_string (item), column) == 0 &&
          (i > 0 || r == ROLE_TABLE || r == ROLE_ITEM || r == ROLE_CATEGORY))
        {
          adw_combo_row_set_selected (self->rows[r], i);
          return TRUE;
        }
    }
  return FALSE;
}

const char *
seg_baskets_page_get_column (SegBasketsPage *self,
                             const char     *role)
{
  int r = role_of (role);

  g_return_val_if_fail (SEG_IS_BASKETS_PAGE (self), NULL);

  if (r == ROLE_CATEGORY)
    return by_category (self) ? seg_view_selected_string (self->category_row) : NULL;
  return r >= 0 ? row_column (self, r) : NULL;
}

/**
 * seg_baskets_page_set_categories:
 * @categories: whether an item is a product's category, not the product
 */
void
seg_baskets_page_set_categories (SegBasketsPage *self,
                                 gboolean        categories)
{
  g_return_if_fail (SEG_IS_BASKETS_PAGE (self));
  adw_combo_row_set_selected (self->level_row, categories ? 1 : 0);
}

void
seg_baskets_page_set_thresholds (SegBasketsPage *self,
                                 double          support_percent,
                                 double          confidence_percent)
{
  g_return_if_fail (SEG_IS_BASKETS_PAGE (self));

  gtk_spin_button_set_value (self->support_spin, support_percent);
  gtk_spin_button_set_value (self->confidence_spin, confidence_percent);
}

const char *
seg_baskets_page_get_check_text (SegBasketsPage *self)
{
  g_return_val_if_fail (SEG_IS_BASKETS_PAGE (self), NULL);
  return self->check_text;
}

/* Whether a run or a lookup of the page is under way. */
gboolean
seg_baskets_page_get_busy (SegBasketsPage *self)
{
  g_return_val_if_fail (SEG_IS_BASKETS_PAGE (self), FALSE);
  return self->phase != PHASE_IDLE || self->lookup != NULL || self->bundles_lookup != NULL;
}

gint64
seg_baskets_page_get_shown_run (SegBasketsPage *self)
{
  g_return_val_if_fail (SEG_IS_BASKETS_PAGE (self), 0);
  return self->shown;
}

/* "empty", "none", "rules", "audience" or "item". */
const char *
seg_baskets_page_get_state (SegBasketsPage *self)
{
  g_return_val_if_fail (SEG_IS_BASKETS_PAGE (self), NULL);
  return gtk_stack_get_visible_child_name (self->result_stack);
}

/**
 * seg_baskets_page_get_rules:
 *
 * Returns: (transfer none): the rules shown, of SegRuleRow, in the
 *   table's order
 */
GListModel *
seg_baskets_page_get_rules (SegBasketsPage *self)
{
  g_return_val_if_fail (SEG_IS_BASKETS_PAGE (self), NULL);
  return G_LIST_MODEL (self->sorted);
}

/* All the run's rules, shown or not. */
guint
seg_baskets_page_get_n_rules (SegBasketsPage *self)
{
  g_return_val_if_fail (SEG_IS_BASKETS_PAGE (self), 0);
  return g_list_model_get_n_items (G_LIST_MODEL (self->rules));
}

void
seg_baskets_page_set_search (SegBasketsPage *self,
                             const char     *text)
{
  g_return_if_fail (SEG_IS_BASKETS_PAGE (self));

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text != NULL ? text : "");
  refilter (self);
}

void
seg_baskets_page_set_hide_redundant (SegBasketsPage *self,
                                     gboolean        hide)
{
  g_return_if_fail (SEG_IS_BASKETS_PAGE (self));
  gtk_switch_set_active (self->redundant_switch, hide);
}

/**
 * seg_baskets_page_sort_by:
 * @measure: a property of SegRuleRow, such as "lift"
 *
 * Sorts the table by a column, as a click on its header does.
 */
void
seg_baskets_page_sort_by (SegBasketsPage *self,
                          const char     *measure,
                          gboolean        descending)
{
  g_return_if_fail (SEG_IS_BASKETS_PAGE (self));

  for (guint c = 0; c < N_COLUMNS; c++)
    if (g_strcmp0 (column_properties[c], measure) == 0)
      gtk_column_view_sort_by_column (self->column_view, self->columns[c],
                                      descending ? GTK_SORT_DESCENDING : GTK_SORT_ASCENDING);
}

void
seg_baskets_page_select (SegBasketsPage *self,
                         guint           position)
{
  g_return_if_fail (SEG_IS_BASKETS_PAGE (self));
  gtk_single_selection_set_selected (self->selection, position);
}

guint
seg_baskets_page_get_selected (SegBasketsPage *self)
{
  g_return_val_if_fail (SEG_IS_BASKETS_PAGE (self), GTK_INVALID_LIST_POSITION);
  return gtk_single_selection_get_selected (self->selection);
}

/* "table", "scatter", "matrix" or "bundles". */
void
seg_baskets_page_show_view (SegBasketsPage *self,
                            const char     *view)
{
  g_return_if_fail (SEG_IS_BASKETS_PAGE (self));

  if (self->shown > 0)
    gtk_stack_set_visible_child_name (self->result_stack, "rules");
  gtk_stack_set_visible_child_name (self->views, view);
}

/**
 * seg_baskets_page_get_chart:
 * @view: "scatter" or "matrix"
 *
 * Returns: (transfer none): the SegRulesChart of @view
 */
GtkWidget *
seg_baskets_page_get_chart (SegBasketsPage *self,
                            const char     *view)
{
  g_return_val_if_fail (SEG_IS_BASKETS_PAGE (self), NULL);
  return g_strcmp0 (view, "matrix") == 0 ? self->matrix_chart : self->scatter_chart;
}

guint
seg_baskets_page_get_n_audience (SegBasketsPage *self)
{
  g_return_val_if_fail (SEG_IS_BASKETS_PAGE (self), 0);
  return self->audience != NULL ? self->audience->customers->len : 0;
}

/**
 * seg_baskets_page_export_audience:
 * @file: a CSV file
 *
 * Writes the customers to target for the rule asked about.
 */
gboolean
seg_baskets_page_export_audience (SegBasketsPage  *self,
                                  GFile           *file,
                                  GError         **error)
{
  g_return_val_if_fail (SEG_IS_BASKETS_PAGE (self), FALSE);

  if (self->audience == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("No customers to target are shown"));
      return FALSE;
    }
  return seg_rule_audience_export (self->audience, file, NULL, error);
}

/**
 * seg_baskets_page_save_audience:
 * @name: the new segment's name
 *
 * Returns: (transfer full): the segment of the customers to target, or
 *   %NULL with @error set
 */
SegSegment *
seg_baskets_page_save_audience (SegBasketsPage  *self,
                                const char      *name,
                                GError         **error)
{
  g_return_val_if_fail (SEG_IS_BASKETS_PAGE (self), NULL);

  if (self->audience == NULL || self->project == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("No customers to target are shown"));
      return NULL;
    }
  return seg_project_save_rule_audience (self->project, self->audience, name, error);
}

guint
seg_baskets_page_get_n_bundles (SegBasketsPage *self)
{
  g_return_val_if_fail (SEG_IS_BASKETS_PAGE (self), 0);
  return self->bundles != NULL ? self->bundles->len : 0;
}

guint
seg_baskets_page_get_n_together (SegBasketsPage *self)
{
  g_return_val_if_fail (SEG_IS_BASKETS_PAGE (self), 0);
  return self->together != NULL ? self->together->len : 0;
}

guint
seg_baskets_page_get_n_months (SegBasketsPage *self)
{
  g_return_val_if_fail (SEG_IS_BASKETS_PAGE (self), 0);
  return self->sales != NULL ? self->sales->months->len : 0;
}

const char *
seg_baskets_page_get_item_text (SegBasketsPage *self)
{
  g_return_val_if_fail (SEG_IS_BASKETS_PAGE (self), NULL);
  return self->item_text;
}
