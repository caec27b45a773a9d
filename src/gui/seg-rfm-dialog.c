/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "seg-rfm-dialog.h"
#include "seg-segment.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "seg-rfm.h"

/* Scores customers from order lines: the form guesses each column from
 * its name and type, so that a usual export needs only a click. */

struct _SegRfmDialog
{
  AdwWindow        parent_instance;

  SegProject      *project;
  AdwToastOverlay *toasts;
  AdwComboRow     *orders_row;
  GtkStringList   *tables;
  AdwComboRow     *customer_row;
  AdwComboRow     *date_row;
  AdwComboRow     *amount_row;
  AdwComboRow     *quantity_row;
  AdwComboRow     *price_row;
  AdwComboRow     *invoice_row;
  AdwComboRow     *returns_row;
  AdwComboRow     *segment_row;
  GtkStringList   *segment_names; /* “All customers”, then the segments */
  GtkStringList   *columns;       /* of the chosen table, after a “none” entry */
  GtkProgressBar  *progress;
  char            *made;          /* the table written, once done */

  /* While scoring: the worker writes the part done, in thousandths, and
   * a timeout shows it. */
  GCancellable    *cancellable;
  int              done_permille;
  guint            progress_timeout;
};

enum {
  DONE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SegRfmDialog, seg_rfm_dialog, ADW_TYPE_WINDOW)

typedef enum
{
  WANT_ANY,
  WANT_NUMBER,
  WANT_DATE,
} Want;

static gboolean
fits (const SegColumnInfo *column,
      Want                 want)
{
  switch (want)
    {
    case WANT_NUMBER:
      return column->type == SEG_COLUMN_INTEGER || column->type == SEG_COLUMN_REAL;
    case WANT_DATE:
      return column->type == SEG_COLUMN_DATE || column->type == SEG_COLUMN_DATETIME;
    case WANT_ANY:
    default:
      return TRUE;
    }
}

/* The first column whose name holds one of @hints and whose type fits;
 * 0 (none) when there is none. Positions count the “none” entry. */
static guint
guess (const SegTableInfo *info,
       const char *const  *hints,
       Want                want)
{
  for (guint h = 0; hints[h] != NULL; h++)
    for (guint c = 0; c < info->columns->len; c++)
      {
        SegColumnInfo *column = g_ptr_array_index (info->columns, c);
        g_autofree char *lower = g_utf8_strdown (column->name, -1);

        if (strstr (lower, hints[h]) != NULL && fits (column, want))
          return c + 1;
      }
  if (want == WANT_DATE)
    for (guint c = 0; c < info->columns->len; c++)
      if (fits (g_ptr_array_index (info->columns, c), want))
        return c + 1;
  return 0;
}

static void
refill_columns (SegRfmDialog *self)
{
  static const char *const customers[] = { "customer", "client", "buyer", "member", "user", "客户", "会员", "顾客", NULL };
  static const char *const dates[] = { "date", "time", "日期", "时间", NULL };
  static const char *const amounts[] = { "amount", "total", "revenue", "sales", "value", "金额", "总价", "销售额", NULL };
  static const char *const quantities[] = { "qty", "quantity", "units", "数量", NULL };
  static const char *const prices[] = { "price", "单价", "价格", NULL };
  static const char *const invoices[] = { "invoice", "order", "receipt", "transaction", "订单", "单号", NULL };
  const char *table = gtk_string_list_get_string (self->tables, adw_combo_row_get_selected (self->orders_row));
  g_autoptr(SegTableInfo) info = table != NULL ? seg_project_get_table (self->project, table, NULL) : NULL;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->columns));
  guint amount;

  gtk_string_list_splice (self->columns, 1, n - 1, NULL);
  if (info == NULL)
    return;
  for (guint c = 0; c < info->columns->len; c++)
    gtk_string_list_append (self->columns, ((SegColumnInfo *) g_ptr_array_index (info->columns, c))->name);

  adw_combo_row_set_selected (self->customer_row, guess (info, customers, WANT_ANY));
  adw_combo_row_set_selected (self->date_row, guess (info, dates, WANT_DATE));
  amount = guess (info, amounts, WANT_NUMBER);
  adw_combo_row_set_selected (self->amount_row, amount);
  adw_combo_row_set_selected (self->quantity_row, amount == 0 ? guess (info, quantities, WANT_NUMBER) : 0);
  adw_combo_row_set_selected (self->price_row, amount == 0 ? guess (info, prices, WANT_NUMBER) : 0);
  adw_combo_row_set_selected (self->invoice_row, guess (info, invoices, WANT_ANY));
}

static void
on_orders_changed (AdwComboRow  *row,
                   GParamSpec   *pspec,
                   SegRfmDialog *self)
{
  refill_columns (self);
}

/* The chosen column, or NULL for the “none” entry. */
static const char *
chosen (SegRfmDialog *self,
        AdwComboRow  *row)
{
  guint position = adw_combo_row_get_selected (row);

  return position == 0 || position == GTK_INVALID_LIST_POSITION
         ? NULL : gtk_string_list_get_string (self->columns, position);
}

/* “rfm”, replacing the scores made before; but a table of that name the
 * user imported stays, and the scores take the first free name after. */
static char *
choose_output (SegProject *project)
{
  for (guint n = 1; n < 1000; n++)
    {
      g_autofree char *name = n == 1 ? g_strdup ("rfm") : g_strdup_printf ("rfm_%u", n);
      g_autoptr(SegTableInfo) info = seg_project_get_table (project, name, NULL);

      g_autoptr(JsonNode) origin = info != NULL && info->origin != NULL ? json_from_string (info->origin, NULL) : NULL;

      if (info == NULL ||
          (origin != NULL && JSON_NODE_HOLDS_OBJECT (origin) &&
           g_strcmp0 (json_object_get_string_member_with_default (json_node_get_object (origin), "kind", ""), "rfm") == 0))
        return g_steal_pointer (&name);
    }
  return g_strdup ("rfm");
}

/* On the worker thread. */
static void
on_progress (double   fraction,
             gpointer data)
{
  SegRfmDialog *self = data;

  g_atomic_int_set (&self->done_permille, (int) (fraction * 1000));
}

static gboolean
show_progress (gpointer data)
{
  SegRfmDialog *self = data;

  gtk_progress_bar_set_fraction (self->progress, g_atomic_int_get (&self->done_permille) / 1000.0);
  return G_SOURCE_CONTINUE;
}

static void
stop_showing_progress (SegRfmDialog *self)
{
  g_clear_handle_id (&self->progress_timeout, g_source_remove);
  gtk_widget_set_visible (GTK_WIDGET (self->progress), FALSE);
}

static void
on_scored (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  g_autoptr(SegRfmDialog) self = data;
  g_autoptr(SegRfmSummary) summary = NULL;
  g_autoptr(GError) error = NULL;

  summary = seg_project_rfm_finish (SEG_PROJECT (source), result, &error);
  g_clear_object (&self->cancellable);
  stop_showing_progress (self);
  gtk_widget_set_sensitive (GTK_WIDGET (self->toasts), TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "rfm.score", TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "window.close", TRUE);
  gtk_window_set_title (GTK_WINDOW (self), _("Score Customers"));

  /* Stopped on request: the form is back as it was. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (summary == NULL)
    {
      AdwMessageDialog *dialog;

      dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("Could Not Score the Customers"),
                                                           error->message));
      adw_message_dialog_add_response (dialog, "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }

  self->made = g_strdup (summary->table);
  g_signal_emit (self, signals[DONE], 0, summary->table, summary->customers);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
score_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  SegRfmDialog *self = SEG_RFM_DIALOG (widget);
  SegRfmOptions options = {
    .orders = gtk_string_list_get_string (self->tables, adw_combo_row_get_selected (self->orders_row)),
    .customer = chosen (self, self->customer_row),
    .date = chosen (self, self->date_row),
    .amount = chosen (self, self->amount_row),
    .quantity = chosen (self, self->quantity_row),
    .price = chosen (self, self->price_row),
    .invoice = chosen (self, self->invoice_row),
    .net_returns = adw_combo_row_get_selected (self->returns_row) == 1,
    .segment = seg_rfm_dialog_get_segment (self),
    .replace = TRUE,
  };
  g_autofree char *output = NULL;
  const char *missing = NULL;

  if (options.orders == NULL)
    missing = _("Import the order lines first");
  else if (options.customer == NULL)
    missing = _("Choose the column that names the customer");
  else if (options.date == NULL)
    missing = _("Choose the column with the order date");
  else if (options.amount == NULL && (options.quantity == NULL || options.price == NULL))
    missing = _("Choose the amount of each line, or its quantity and unit price");
  if (missing != NULL)
    {
      adw_toast_overlay_add_toast (self->toasts, adw_toast_new (missing));
      return;
    }
  if (options.amount != NULL)
    options.quantity = options.price = NULL;
  output = choose_output (self->project);
  options.output = output;

  /* A million order lines take seconds: the form waits, the window goes on. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->toasts), FALSE);
  gtk_widget_action_set_enabled (widget, "rfm.score", FALSE);
  gtk_widget_action_set_enabled (widget, "window.close", FALSE);
  gtk_window_set_title (GTK_WINDOW (self), _("Scoring Customers…"));
  self->cancellable = g_cancellable_new ();
  g_atomic_int_set (&self->done_permille, 0);
  gtk_progress_bar_set_fraction (self->progress, 0.0);
  gtk_widget_set_visible (GTK_WIDGET (self->progress), TRUE);
  self->progress_timeout = g_timeout_add (100, show_progress, self);
  seg_project_rfm_progress_async (self->project, &options, on_progress, self, self->cancellable,
                                  on_scored, g_object_ref (self));
}

/* Cancel stops the scoring under way, else closes the form. */
static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SegRfmDialog *self = SEG_RFM_DIALOG (widget);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  else
    gtk_window_close (GTK_WINDOW (self));
}

/* The tables a person imported: order lines are among them, and “orders”
 * is chosen when there is one. */
static void
fill_tables (SegRfmDialog *self)
{
  g_autoptr(GPtrArray) tables = seg_project_list_tables (self->project, NULL);
  guint orders = 0;

  for (guint i = 0; tables != NULL && i < tables->len; i++)
    {
      SegTableInfo *info = g_ptr_array_index (tables, i);

      if (info->origin != NULL)
        continue;
      if (g_ascii_strcasecmp (info->name, "orders") == 0)
        orders = g_list_model_get_n_items (G_LIST_MODEL (self->tables));
      gtk_string_list_append (self->tables, info->name);
    }
  adw_combo_row_set_selected (self->orders_row, orders);

  refill_columns (self);
  g_signal_connect_object (self->orders_row, "notify::selected", G_CALLBACK (on_orders_changed), self, 0);
}

/* Whose orders are scored: everyone's, or a saved segment's customers'. */
static void
fill_segments (SegRfmDialog *self)
{
  GListModel *segments = seg_project_get_segments (self->project);

  gtk_string_list_append (self->segment_names, _("All customers"));
  for (guint i = 0; i < g_list_model_get_n_items (segments); i++)
    {
      g_autoptr(SegSegment) segment = g_list_model_get_item (segments, i);

      gtk_string_list_append (self->segment_names, seg_segment_get_name (segment));
    }
  adw_combo_row_set_selected (self->segment_row, 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->segment_row), g_list_model_get_n_items (segments) > 0);
}

/* Chooses the table of order lines; the columns are guessed again. */
gboolean
seg_rfm_dialog_set_table (SegRfmDialog *self,
                          const char   *table)
{
  GListModel *tables;

  g_return_val_if_fail (SEG_IS_RFM_DIALOG (self), FALSE);

  tables = G_LIST_MODEL (self->tables);
  for (guint i = 0; i < g_list_model_get_n_items (tables); i++)
    if (g_strcmp0 (gtk_string_list_get_string (self->tables, i), table) == 0)
      {
        adw_combo_row_set_selected (self->orders_row, i);
        return TRUE;
      }

  return FALSE;
}

/**
 * seg_rfm_dialog_set_segment:
 * @name: (nullable): a saved segment, or %NULL for every customer
 *
 * Chooses whose orders are scored, such as the segment in use.
 */
void
seg_rfm_dialog_set_segment (SegRfmDialog *self,
                            const char   *name)
{
  GListModel *names;

  g_return_if_fail (SEG_IS_RFM_DIALOG (self));

  names = G_LIST_MODEL (self->segment_names);
  adw_combo_row_set_selected (self->segment_row, 0);
  for (guint i = 1; name != NULL && i < g_list_model_get_n_items (names); i++)
    if (g_strcmp0 (gtk_string_list_get_string (self->segment_names, i), name) == 0)
      adw_combo_row_set_selected (self->segment_row, i);
}

/* The saved segment whose customers are scored, or %NULL for everyone. */
const char *
seg_rfm_dialog_get_segment (SegRfmDialog *self)
{
  guint selected;

  g_return_val_if_fail (SEG_IS_RFM_DIALOG (self), NULL);

  selected = adw_combo_row_get_selected (self->segment_row);
  if (selected == 0 || selected == GTK_INVALID_LIST_POSITION)
    return NULL;
  return gtk_string_list_get_string (self->segment_names, selected);
}

/* Scoring writes the project; it finishes before the form may go. */
static gboolean
seg_rfm_dialog_close_request (GtkWindow *window)
{
  if (!gtk_widget_get_sensitive (GTK_WIDGET (SEG_RFM_DIALOG (window)->toasts)))
    return TRUE;
  return GTK_WINDOW_CLASS (seg_rfm_dialog_parent_class)->close_request (window);
}

static void
seg_rfm_dialog_dispose (GObject *object)
{
  SegRfmDialog *self = SEG_RFM_DIALOG (object);

  g_clear_handle_id (&self->progress_timeout, g_source_remove);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->project);
  gtk_widget_dispose_template (GTK_WIDGET (self), SEG_TYPE_RFM_DIALOG);

  G_OBJECT_CLASS (seg_rfm_dialog_parent_class)->dispose (object);
}

static void
seg_rfm_dialog_finalize (GObject *object)
{
  g_free (SEG_RFM_DIALOG (object)->made);
  g_clear_object (&SEG_RFM_DIALOG (object)->cancellable);

  G_OBJECT_CLASS (seg_rfm_dialog_parent_class)->finalize (object);
}

static void
seg_rfm_dialog_class_init (SegRfmDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = seg_rfm_dialog_dispose;
  object_class->finalize = seg_rfm_dialog_finalize;
  GTK_WINDOW_CLASS (klass)->close_request = seg_rfm_dialog_close_request;

  /**
   * SegRfmDialog::done:
   * @table: the customer table written
   * @customers: how many customers it has
   */
  signals[DONE] = g_signal_new ("done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/segmenta/Segmenta/seg-rfm-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SegRfmDialog, toasts);
  gtk_widget_class_bind_template_child (widget_class, SegRfmDialog, orders_row);
  gtk_widget_class_bind_template_child (widget_class, SegRfmDialog, segment_row);
  gtk_widget_class_bind_template_child (widget_class, SegRfmDialog, segment_names);
  gtk_widget_class_bind_template_child (widget_class, SegRfmDialog, tables);
  gtk_widget_class_bind_template_child (widget_class, SegRfmDialog, customer_row);
  gtk_widget_class_bind_template_child (widget_class, SegRfmDialog, date_row);
  gtk_widget_class_bind_template_child (widget_class, SegRfmDialog, amount_row);
  gtk_widget_class_bind_template_child (widget_class, SegRfmDialog, quantity_row);
  gtk_widget_class_bind_template_child (widget_class, SegRfmDialog, price_row);
  gtk_widget_class_bind_template_child (widget_class, SegRfmDialog, invoice_row);
  gtk_widget_class_bind_template_child (widget_class, SegRfmDialog, returns_row);
  gtk_widget_class_bind_template_child (widget_class, SegRfmDialog, columns);
  gtk_widget_class_bind_template_child (widget_class, SegRfmDialog, progress);

  gtk_widget_class_install_action (widget_class, "rfm.score", NULL, score_action);
  gtk_widget_class_install_action (widget_class, "rfm.cancel", NULL, cancel_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
seg_rfm_dialog_init (SegRfmDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * seg_rfm_dialog_new:
 *
 * Returns: (transfer none): the form, which GTK keeps until it is closed
 */
SegRfmDialog *
seg_rfm_dialog_new (GtkWindow  *parent,
                    SegProject *project)
{
  SegRfmDialog *self = g_object_new (SEG_TYPE_RFM_DIALOG, "transient-for", parent, NULL);

  self->project = g_object_ref (project);
  fill_tables (self);
  fill_segments (self);
  return self;
}

/**
 * seg_rfm_dialog_get_column:
 * @role: customer, date, amount, quantity, price or invoice
 *
 * Returns: (nullable): the column chosen for a role
 */
const char *
seg_rfm_dialog_get_column (SegRfmDialog *self,
                           const char   *role)
{
  g_return_val_if_fail (SEG_IS_RFM_DIALOG (self), NULL);

  if (g_str_equal (role, "customer"))
    return chosen (self, self->customer_row);
  if (g_str_equal (role, "date"))
    return chosen (self, self->date_row);
  if (g_str_equal (role, "amount"))
    return chosen (self, self->amount_row);
  if (g_str_equal (role, "quantity"))
    return chosen (self, self->quantity_row);
  if (g_str_equal (role, "price"))
    return chosen (self, self->price_row);
  if (g_str_equal (role, "invoice"))
    return chosen (self, self->invoice_row);
  return NULL;
}
