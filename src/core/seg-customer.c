/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <math.h>
#include <string.h>

#include "seg-customer.h"
#include "seg-dataset.h"
#include "seg-error.h"
#include "seg-measure.h"
#include "seg-profile.h"
#include "seg-project-private.h"
#include "seg-recommender-model.h"
#include "seg-run-record.h"
#include "seg-task-private.h"

G_DEFINE_QUARK (seg-customer-error-quark, seg_customer_error)

/* The names shops give these columns, in English and Chinese. */
static const char *const customer_guesses[] = {
  "customer_id", "customer", "client_id", "client", "user_id", "buyer", "member_id",
  "客户", "客户id", "客户编号", "会员", "会员id", "顾客", NULL
};
static const char *const item_guesses[] = {
  "product_id", "product", "item_id", "item", "sku", "article", "商品", "商品id", "商品编号", "产品", NULL
};
static const char *const date_guesses[] = {
  "date", "order_date", "invoice_date", "purchase_date", "timestamp", "day", "日期", "下单日期", "下单时间",
  "订单日期", NULL
};
static const char *const invoice_guesses[] = {
  "invoice", "invoice_id", "invoice_no", "order_id", "order", "order_no", "订单号", "订单编号", "订单", "发票号", NULL
};
static const char *const amount_guesses[] = {
  "amount", "line_total", "total", "revenue", "sales", "金额", "总额", "销售额", NULL
};
static const char *const quantity_guesses[] = { "quantity", "qty", "units", "数量", "件数", NULL };
static const char *const price_guesses[] = { "unit_price", "price", "单价", "价格", NULL };
static const char *const name_guesses[] = {
  "name", "customer_name", "full_name", "display_name", "company", "姓名", "客户名称", "名称", "名字", NULL
};
static const char *const email_guesses[] = { "email", "e_mail", "mail", "email_address", "邮箱", "电子邮件", "电子邮箱", NULL };
static const char *const phone_guesses[] = {
  "phone", "telephone", "mobile", "tel", "phone_number", "电话", "手机", "手机号", "联系电话", NULL
};
static const char *const city_guesses[] = { "city", "town", "城市", "所在城市", NULL };
static const char *const product_name_guesses[] = {
  "name", "product_name", "item_name", "title", "name_en", "商品名称", "产品名称", "名称", "品名", NULL
};
static const char *const product_name_guesses_zh[] = {
  "name_zh", "商品名称", "产品名称", "名称", "品名", "name_cn", NULL
};

/* The products a page of the history reads at once. */
#define PAGE_SIZE 32

/* Orders ----------------------------------------------------------------- */

struct _SegCustomerOrder
{
  GObject  parent_instance;

  char    *invoice;
  char    *date;
  guint    n_lines;
  double   total;
  char    *products;
};

G_DEFINE_FINAL_TYPE (SegCustomerOrder, seg_customer_order, G_TYPE_OBJECT)

static void
seg_customer_order_finalize (GObject *object)
{
  SegCustomerOrder *self = SEG_CUSTOMER_ORDER (object);

  g_free (self->invoice);
  g_free (self->date);
  g_free (self->products);

  G_OBJECT_CLASS (seg_customer_order_parent_class)->finalize (object);
}

static void
seg_customer_order_class_init (SegCustomerOrderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = seg_customer_order_finalize;
}

static void
seg_customer_order_init (SegCustomerOrder *self)
{
}

/** seg_customer_order_get_invoice: Returns: (nullable): the order's key */
const char *
seg_customer_order_get_invoice (SegCustomerOrder *self)
{
  g_return_val_if_fail (SEG_IS_CUSTOMER_ORDER (self), NULL);
  return self->invoice;
}

/** seg_customer_order_get_date: Returns: (nullable): the date as stored */
const char *
seg_customer_order_get_date (SegCustomerOrder *self)
{
  g_return_val_if_fail (SEG_IS_CUSTOMER_ORDER (self), NULL);
  return self->date;
}

guint
seg_customer_order_get_n_lines (SegCustomerOrder *self)
{
  g_return_val_if_fail (SEG_IS_CUSTOMER_ORDER (self), 0);
  return self->n_lines;
}

/** seg_customer_order_get_total: Returns: the order's value, or NAN without one */
double
seg_customer_order_get_total (SegCustomerOrder *self)
{
  g_return_val_if_fail (SEG_IS_CUSTOMER_ORDER (self), NAN);
  return self->total;
}

/**
 * seg_customer_order_get_products:
 *
 * Returns: what the order held, such as "2 × Longjing 100 g, 1 × Teapot"
 */
const char *
seg_customer_order_get_products (SegCustomerOrder *self)
{
  g_return_val_if_fail (SEG_IS_CUSTOMER_ORDER (self), NULL);
  return self->products;
}

/* One order as the scan found it; its lines are rowids[first, first + n). */
typedef struct
{
  char   *invoice;
  char   *date;
  guint   first;
  guint   n_lines;
  double  total;
  gboolean bought;  /* has a line of positive value */
} OrderEntry;

static void
order_entry_clear (gpointer data)
{
  OrderEntry *entry = data;

  g_free (entry->invoice);
  g_free (entry->date);
}

struct _SegCustomerOrders
{
  GObject     parent_instance;

  SegProject *project;      /* read for the products of a page */
  char       *table;
  char       *item;         /* nullable */
  char       *quantity;     /* nullable */
  char       *products;     /* nullable: the products table */
  char       *product_key;
  char       *product_name;
  GArray     *orders;       /* of OrderEntry, newest first */
  GArray     *rowids;       /* gint64: the lines, order by order */
  GPtrArray  *pages;        /* SegCustomerOrder *[PAGE_SIZE] per page, or NULL */
};

static void seg_customer_orders_list_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SegCustomerOrders, seg_customer_orders, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, seg_customer_orders_list_init))

static void
free_page (gpointer data)
{
  SegCustomerOrder **page = data;

  if (page == NULL)
    return;
  for (guint i = 0; i < PAGE_SIZE; i++)
    g_clear_object (&page[i]);
  g_free (page);
}

static void
seg_customer_orders_finalize (GObject *object)
{
  SegCustomerOrders *self = SEG_CUSTOMER_ORDERS (object);

  g_clear_object (&self->project);
  g_free (self->table);
  g_free (self->item);
  g_free (self->quantity);
  g_free (self->products);
  g_free (self->product_key);
  g_free (self->product_name);
  g_clear_pointer (&self->orders, g_array_unref);
  g_clear_pointer (&self->rowids, g_array_unref);
  g_clear_pointer (&self->pages, g_ptr_array_unref);

  G_OBJECT_CLASS (seg_customer_orders_parent_class)->finalize (object);
}

static void
seg_customer_orders_class_init (SegCustomerOrdersClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = seg_customer_orders_finalize;
}

static void
seg_customer_orders_init (SegCustomerOrders *self)
{
  self->orders = g_array_new (FALSE, TRUE, sizeof (OrderEntry));
  g_array_set_clear_func (self->orders, order_entry_clear);
  self->rowids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->pages = g_ptr_array_new_with_free_func (free_page);
}

static GType
orders_get_item_type (GListModel *model)
{
  return SEG_TYPE_CUSTOMER_ORDER;
}

static guint
orders_get_n_items (GListModel *model)
{
  return SEG_CUSTOMER_ORDERS (model)->orders->len;
}

/* A statement giving a line's product, its name and quantity by rowid. */
static sqlite3_stmt *
prepare_line_fetch (SegCustomerOrders *self)
{
  g_autofree char *table_q = seg_quote_identifier (self->table);
  g_autofree char *item_q = seg_quote_identifier (self->item);
  g_autofree char *quantity_q = self->quantity != NULL ? seg_quote_identifier (self->quantity) : NULL;
  g_autofree char *quantity = quantity_q != NULL ? g_strconcat ("o.", quantity_q, NULL) : g_strdup ("NULL");
  g_autofree char *name = NULL;
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt = NULL;

  if (self->products != NULL)
    {
      g_autofree char *products_q = seg_quote_identifier (self->products);
      g_autofree char *key_q = seg_quote_identifier (self->product_key);
      g_autofree char *name_q = seg_quote_identifier (self->product_name);

      name = g_strdup_printf ("(SELECT %s FROM %s p WHERE CAST (p.%s AS TEXT) = CAST (o.%s AS TEXT) LIMIT 1)",
                              name_q, products_q, key_q, item_q);
    }
  sql = g_strdup_printf ("SELECT CAST (o.%s AS TEXT), %s, %s FROM %s o WHERE o.rowid = ?1",
                         item_q, name != NULL ? name : "NULL", quantity, table_q);
  if (!seg_project_prepare (self->project, sql, &stmt, NULL))
    return NULL;
  return stmt;
}

static void
describe_products (SegCustomerOrders *self,
                   sqlite3_stmt      *fetch,
                   const OrderEntry  *entry,
                   GString           *text)
{
  for (guint l = 0; fetch != NULL && l < entry->n_lines; l++)
    {
      const char *item, *name;

      sqlite3_reset (fetch);
      sqlite3_bind_int64 (fetch, 1, g_array_index (self->rowids, gint64, entry->first + l));
      if (sqlite3_step (fetch) != SQLITE_ROW)
        continue;
      item = (const char *) sqlite3_column_text (fetch, 0);
      name = (const char *) sqlite3_column_text (fetch, 1);
      if (text->len > 0)
        g_string_append (text, ", ");
      if (sqlite3_column_type (fetch, 2) != SQLITE_NULL)
        {
          g_autofree char *quantity = seg_customer_format_quantity (sqlite3_column_double (fetch, 2));

          /* TRANSLATORS: a quantity of a product in an order, such as "2 × Teapot" */
          g_string_append_printf (text, _("%s × %s"), quantity, name != NULL ? name : item != NULL ? item : "");
        }
      else
        g_string_append (text, name != NULL ? name : item != NULL ? item : "");
    }
}

static gpointer
orders_get_item (GListModel *model,
                 guint       position)
{
  SegCustomerOrders *self = SEG_CUSTOMER_ORDERS (model);
  guint index = position / PAGE_SIZE;
  SegCustomerOrder **page;

  if (position >= self->orders->len)
    return NULL;
  if (index >= self->pages->len)
    g_ptr_array_set_size (self->pages, index + 1);
  page = g_ptr_array_index (self->pages, index);
  if (page == NULL)
    {
      g_autoptr(sqlite3_stmt) fetch = self->item != NULL ? prepare_line_fetch (self) : NULL;
      guint first = index * PAGE_SIZE;

      page = g_new0 (SegCustomerOrder *, PAGE_SIZE);
      for (guint i = 0; i < PAGE_SIZE && first + i < self->orders->len; i++)
        {
          const OrderEntry *entry = &g_array_index (self->orders, OrderEntry, first + i);
          SegCustomerOrder *order = g_object_new (SEG_TYPE_CUSTOMER_ORDER, NULL);
          g_autoptr(GString) text = g_string_new (NULL);

          order->invoice = g_strdup (entry->invoice);
          order->date = g_strdup (entry->date);
          order->n_lines = entry->n_lines;
          order->total = entry->total;
          describe_products (self, fetch, entry, text);
          order->products = g_string_free (g_steal_pointer (&text), FALSE);
          page[i] = order;
        }
      g_ptr_array_index (self->pages, index) = page;
    }

  return g_object_ref (page[position % PAGE_SIZE]);
}

static void
seg_customer_orders_list_init (GListModelInterface *iface)
{
  iface->get_item_type = orders_get_item_type;
  iface->get_n_items = orders_get_n_items;
  iface->get_item = orders_get_item;
}

/**
 * seg_customer_format_quantity:
 * @quantity: how many of a product
 *
 * Returns: (transfer full): @quantity as a whole number when it is one,
 *   such as "2", else as the locale writes a number, such as "1.25"
 */
char *
seg_customer_format_quantity (double quantity)
{
  if (quantity == round (quantity) && fabs (quantity) < 1e15)
    return g_strdup_printf ("%'.0f", quantity);
  return seg_measure_format_number (quantity);
}

/* The customer ------------------------------------------------------------ */

static void
field_free (SegCustomerField *field)
{
  g_free (field->column);
  g_free (field->value);
  g_free (field);
}

static void
rfm_free (SegCustomerRfm *rfm)
{
  g_free (rfm->table);
  g_free (rfm->as_of);
  g_free (rfm->segment);
  g_free (rfm);
}

static void
cluster_free (SegCustomerCluster *cluster)
{
  g_free (cluster->title);
  g_free (cluster->name);
  g_free (cluster);
}

static void
product_free (SegCustomerProduct *product)
{
  g_free (product->item);
  g_free (product->name);
  g_free (product);
}

void
seg_customer_free (SegCustomer *customer)
{
  if (customer == NULL)
    return;
  g_free (customer->key);
  g_free (customer->customers_table);
  g_free (customer->key_column);
  g_clear_pointer (&customer->fields, g_ptr_array_unref);
  g_free (customer->orders_table);
  g_free (customer->customer_column);
  g_free (customer->item_column);
  g_free (customer->date_column);
  g_free (customer->invoice_column);
  g_free (customer->products_table);
  g_free (customer->first_order);
  g_free (customer->last_order);
  g_clear_object (&customer->history);
  g_clear_pointer (&customer->rfm, g_ptr_array_unref);
  g_clear_pointer (&customer->clusters, g_ptr_array_unref);
  g_clear_pointer (&customer->products, g_ptr_array_unref);
  g_clear_pointer (&customer->products_by_spend, g_ptr_array_unref);
  g_free (customer->offers_title);
  g_clear_pointer (&customer->offers, g_ptr_array_unref);
  g_free (customer);
}

/**
 * seg_customer_get_display_name:
 *
 * Returns: (transfer full): the customer's name with their key, such as
 *   "Chloe O'Brien (C00001)", or the key alone without a name
 */
char *
seg_customer_get_display_name (SegCustomer *customer)
{
  g_return_val_if_fail (customer != NULL, NULL);

  if (customer->name != NULL && customer->name[0] != '\0')
    /* TRANSLATORS: a customer's name, then their key in the shop's data */
    return g_strdup_printf (_("%s (%s)"), customer->name, customer->key);
  return g_strdup (customer->key);
}

/**
 * seg_customer_format_offer:
 * @n_products: how many of the offers to name
 *
 * A short text to paste into a message or a note: who the offer is for
 * and the first @n_products offers, each with its reason.
 *
 * Returns: (transfer full): the text, in the user's language
 */
char *
seg_customer_format_offer (SegCustomer *customer,
                           guint        n_products)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *who = NULL;

  g_return_val_if_fail (customer != NULL, NULL);

  who = seg_customer_get_display_name (customer);
  g_string_append_printf (text, _("Offer for %s"), who);
  g_string_append_c (text, '\n');
  if (customer->offers == NULL || customer->offers->len == 0)
    {
      g_string_append (text, _("No products to offer yet"));
      g_string_append_c (text, '\n');
      return g_string_free (g_steal_pointer (&text), FALSE);
    }
  for (guint i = 0; i < customer->offers->len && i < n_products; i++)
    {
      SegOffer *offer = g_ptr_array_index (customer->offers, i);
      const char *name = offer->item_name != NULL ? offer->item_name : offer->item;

      if (offer->reason != NULL && offer->reason[0] != '\0')
        /* TRANSLATORS: one offered product and why, in a list */
        g_string_append_printf (text, _("%u. %s — %s"), i + 1, name, offer->reason);
      else
        g_string_append_printf (text, "%u. %s", i + 1, name);
      g_string_append_c (text, '\n');
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static SegColumnInfo *
find_guess (SegTableInfo      *info,
            const char *const *guesses)
{
  SegColumnInfo *column;

  for (guint g = 0; guesses[g] != NULL; g++)
    if ((column = seg_table_find_column (info, "", guesses[g], NULL)) != NULL)
      return column;
  return NULL;
}

/**
 * seg_orders_guess_column:
 * @info: an order-lines table
 *
 * Returns: (nullable): the name of @info's column that has a usual name
 *   of @role, such as “customer_id” or “客户” for a customer
 */
static const char *const *const order_guesses[] = {
  [SEG_ORDER_ROLE_CUSTOMER] = customer_guesses,
  [SEG_ORDER_ROLE_ITEM] = item_guesses,
  [SEG_ORDER_ROLE_DATE] = date_guesses,
  [SEG_ORDER_ROLE_INVOICE] = invoice_guesses,
  [SEG_ORDER_ROLE_AMOUNT] = amount_guesses,
  [SEG_ORDER_ROLE_QUANTITY] = quantity_guesses,
  [SEG_ORDER_ROLE_PRICE] = price_guesses,
};

const char *
seg_orders_guess_column (SegTableInfo *info,
                         SegOrderRole  role)
{
  SegColumnInfo *column;

  g_return_val_if_fail (info != NULL, NULL);
  g_return_val_if_fail ((guint) role < G_N_ELEMENTS (order_guesses), NULL);

  column = find_guess (info, order_guesses[role]);
  return column != NULL ? column->name : NULL;
}

/**
 * seg_orders_column_guesses:
 * @role: a column of an order-lines table
 *
 * Returns: (array zero-terminated=1): the usual lower-case names of
 *   @role's column, for a model's column role
 */
const char *const *
seg_orders_column_guesses (SegOrderRole role)
{
  g_return_val_if_fail ((guint) role < G_N_ELEMENTS (order_guesses), NULL);

  return order_guesses[role];
}

static const char *
member_string (JsonNode   *node,
               const char *name)
{
  JsonObject *object;
  JsonNode *member;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  object = json_node_get_object (node);
  member = json_object_get_member (object, name);
  if (member == NULL || !JSON_NODE_HOLDS_VALUE (member) || json_node_get_value_type (member) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (member);
}

static gboolean
is_zh (void)
{
  const char *const *languages = g_get_language_names ();

  return languages[0] != NULL && g_str_has_prefix (languages[0], "zh");
}

/* Where the order lines are, as the project's own analyses read them. */
typedef struct
{
  SegTableInfo *orders;
  char         *customer;
  char         *item;
  char         *date;
  char         *invoice;
  char         *amount;
  char         *quantity;
  char         *price;
  char         *products;
  char         *product_key;
  char         *product_name;
  gint64        rec_run;      /* the newest recommendation run, or 0 */
} Source;

static void
source_clear (Source *source)
{
  g_clear_pointer (&source->orders, seg_table_info_free);
  g_free (source->customer);
  g_free (source->item);
  g_free (source->date);
  g_free (source->invoice);
  g_free (source->amount);
  g_free (source->quantity);
  g_free (source->price);
  g_free (source->products);
  g_free (source->product_key);
  g_free (source->product_name);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Source, source_clear)

static void
set_column (char          **field,
            SegTableInfo   *info,
            const char     *name,
            const char *const *guesses)
{
  SegColumnInfo *column = NULL;

  if (*field != NULL)
    return;
  if (name != NULL)
    column = seg_table_find_column (info, "", name, NULL);
  if (column == NULL && guesses != NULL)
    column = find_guess (info, guesses);
  if (column != NULL)
    *field = g_strdup (column->name);
}

static gboolean
use_orders (SegProject *project,
            Source     *source,
            const char *table,
            const char *customer)
{
  SegTableInfo *info;

  if (source->orders != NULL || table == NULL || customer == NULL)
    return source->orders != NULL;
  info = seg_project_get_table (project, table, NULL);
  if (info == NULL)
    return FALSE;
  if (seg_table_find_column (info, "", customer, NULL) == NULL)
    {
      seg_table_info_free (info);
      return FALSE;
    }
  source->orders = info;
  set_column (&source->customer, info, customer, NULL);
  return TRUE;
}

/* The products table, other than @orders, with a column matching @item,
 * and its names. */
static gboolean
find_products_table (GPtrArray   *tables,
                     const char  *orders,
                     const char  *item,
                     char       **products,
                     char       **product_key,
                     char       **product_name)
{
  gboolean zh = is_zh ();

  for (guint t = 0; tables != NULL && t < tables->len && item != NULL; t++)
    {
      SegTableInfo *info = g_ptr_array_index (tables, t);
      SegColumnInfo *key, *name = NULL;

      if (info->origin != NULL || g_strcmp0 (info->name, orders) == 0)
        continue;
      key = seg_table_find_column (info, "", item, NULL);
      if (key == NULL)
        key = find_guess (info, item_guesses);
      if (key == NULL)
        continue;
      if (zh)
        name = find_guess (info, product_name_guesses_zh);
      if (name == NULL)
        name = find_guess (info, product_name_guesses);
      if (name == NULL)
        continue;
      *products = g_strdup (info->name);
      *product_key = g_strdup (key->name);
      *product_name = g_strdup (name->name);
      return TRUE;
    }
  return FALSE;
}

static void
find_products (GPtrArray *tables,
               Source    *source)
{
  if (source->products == NULL)
    find_products_table (tables, source->orders->name, source->item,
                         &source->products, &source->product_key, &source->product_name);
}

/**
 * seg_project_find_products:
 * @orders: the order-lines table
 * @item: its column of items
 * @products: (out): the imported table that names the items
 * @product_key: (out): its column of items
 * @product_name: (out): its column of names, in Chinese for a Chinese
 *   desktop when it has one
 *
 * Finds the table of products that names the items of @orders, as the
 * customer profile does.
 *
 * Returns: whether there is one
 */
gboolean
seg_project_find_products (SegProject  *project,
                           const char  *orders,
                           const char  *item,
                           char       **products,
                           char       **product_key,
                           char       **product_name)
{
  g_autoptr(GPtrArray) tables = NULL;

  g_return_val_if_fail (SEG_IS_PROJECT (project), FALSE);
  g_return_val_if_fail (products != NULL && product_key != NULL && product_name != NULL, FALSE);

  *products = *product_key = *product_name = NULL;
  tables = seg_project_list_tables (project, NULL);
  return find_products_table (tables, orders, item, products, product_key, product_name);
}

static gboolean
find_source (SegProject  *project,
             GPtrArray   *runs,
             GPtrArray   *tables,
             gint64       offers_run,
             Source      *source)
{
  /* The recommendation run asked for, else the newest. */
  for (guint i = runs->len; i > 0; i--)
    {
      SegRunRecord *record = g_ptr_array_index (runs, i - 1);

      if (record->kind != SEG_MODEL_KIND_RECOMMENDATION || seg_run_record_is_evaluation (record))
        continue;
      if (offers_run > 0 && record->id != offers_run)
        continue;
      source->rec_run = record->id;
      if (use_orders (project, source, member_string (record->parameters, "table"),
                      member_string (record->parameters, "user")))
        {
          set_column (&source->item, source->orders, member_string (record->parameters, "item"), NULL);
          set_column (&source->date, source->orders, member_string (record->parameters, "date"), NULL);
          if (member_string (record->parameters, "items-table") != NULL &&
              member_string (record->parameters, "item-name") != NULL)
            {
              source->products = g_strdup (member_string (record->parameters, "items-table"));
              source->product_key = g_strdup (member_string (record->parameters, "item-key") != NULL ?
                                              member_string (record->parameters, "item-key") : source->item);
              source->product_name = g_strdup (member_string (record->parameters, "item-name"));
            }
        }
      break;
    }

  /* The order lines an RFM scoring read, and how it valued them. */
  for (guint t = 0; tables != NULL && t < tables->len; t++)
    {
      SegTableInfo *info = g_ptr_array_index (tables, t);
      g_autoptr(JsonNode) origin = NULL;

      if (info->origin == NULL || (origin = json_from_string (info->origin, NULL)) == NULL ||
          g_strcmp0 (member_string (origin, "kind"), "rfm") != 0)
        continue;
      if (source->orders != NULL && g_strcmp0 (member_string (origin, "orders"), source->orders->name) != 0)
        continue;
      if (!use_orders (project, source, member_string (origin, "orders"), member_string (origin, "customer")))
        continue;
      set_column (&source->amount, source->orders, member_string (origin, "amount"), NULL);
      set_column (&source->quantity, source->orders, member_string (origin, "quantity"), NULL);
      set_column (&source->price, source->orders, member_string (origin, "price"), NULL);
      break;
    }

  /* Else the first imported table with a customer and a product column. */
  for (guint t = 0; tables != NULL && t < tables->len && source->orders == NULL; t++)
    {
      SegTableInfo *info = g_ptr_array_index (tables, t);
      SegColumnInfo *customer, *item;

      if (info->origin != NULL)
        continue;
      customer = find_guess (info, customer_guesses);
      item = find_guess (info, item_guesses);
      if (customer != NULL && item != NULL)
        use_orders (project, source, info->name, customer->name);
    }
  if (source->orders == NULL)
    return FALSE;

  set_column (&source->item, source->orders, NULL, item_guesses);
  set_column (&source->date, source->orders, NULL, date_guesses);
  set_column (&source->invoice, source->orders, NULL, invoice_guesses);
  if (source->quantity == NULL || source->price == NULL)
    set_column (&source->amount, source->orders, NULL, amount_guesses);
  set_column (&source->quantity, source->orders, NULL, quantity_guesses);
  if (source->amount == NULL)
    set_column (&source->price, source->orders, NULL, price_guesses);
  if (source->products == NULL)
    find_products (tables, source);

  return TRUE;
}

/* The column of @info holding the customers' keys: named as the order
 * lines' customer column, or as customers' keys usually are. */
static SegColumnInfo *
customer_key_of (SegTableInfo *info,
                 const char   *customer)
{
  SegColumnInfo *column = NULL;

  if (customer != NULL)
    column = seg_table_find_column (info, "", customer, NULL);
  if (column == NULL)
    column = find_guess (info, customer_guesses);
  return column;
}

static const char *
field_value (GPtrArray         *fields,
             SegTableInfo      *info,
             const char *const *guesses)
{
  SegColumnInfo *column = find_guess (info, guesses);

  for (guint i = 0; column != NULL && i < fields->len; i++)
    {
      SegCustomerField *field = g_ptr_array_index (fields, i);

      if (g_str_equal (field->column, column->name))
        return field->value;
    }
  return NULL;
}

static gboolean
read_customer_row (SegProject   *project,
                   GPtrArray    *tables,
                   Source       *source,
                   SegCustomer  *customer,
                   GError      **error)
{
  for (guint t = 0; tables != NULL && t < tables->len; t++)
    {
      SegTableInfo *info = g_ptr_array_index (tables, t);
      SegColumnInfo *key;
      g_autofree char *table_q = NULL;
      g_autofree char *key_q = NULL;
      g_autofree char *sql = NULL;
      g_autoptr(sqlite3_stmt) stmt = NULL;
      int rc;

      if (info->origin != NULL || (source->orders != NULL && g_str_equal (info->name, source->orders->name)))
        continue;
      if ((key = customer_key_of (info, source->customer)) == NULL)
        continue;
      /* Without a name, email or city it is not a table of customers. */
      if (find_guess (info, name_guesses) == NULL && find_guess (info, email_guesses) == NULL &&
          find_guess (info, phone_guesses) == NULL && find_guess (info, city_guesses) == NULL)
        continue;

      table_q = seg_quote_identifier (info->name);
      key_q = seg_quote_identifier (key->name);
      sql = g_strdup_printf ("SELECT * FROM %s WHERE CAST (%s AS TEXT) = ?1 LIMIT 1", table_q, key_q);
      if (!seg_project_prepare (project, sql, &stmt, error))
        return FALSE;
      sqlite3_bind_text (stmt, 1, customer->key, -1, SQLITE_STATIC);
      if (customer->customers_table == NULL)
        {
          customer->customers_table = g_strdup (info->name);
          customer->key_column = g_strdup (key->name);
        }
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          g_free (customer->customers_table);
          g_free (customer->key_column);
          customer->customers_table = g_strdup (info->name);
          customer->key_column = g_strdup (key->name);
          for (int c = 0; c < sqlite3_column_count (stmt); c++)
            {
              SegCustomerField *field = g_new0 (SegCustomerField, 1);

              field->column = g_strdup (sqlite3_column_name (stmt, c));
              field->value = g_strdup ((const char *) sqlite3_column_text (stmt, c));
              g_ptr_array_add (customer->fields, field);
            }
          customer->name = field_value (customer->fields, info, name_guesses);
          customer->email = field_value (customer->fields, info, email_guesses);
          customer->phone = field_value (customer->fields, info, phone_guesses);
          customer->city = field_value (customer->fields, info, city_guesses);
          return TRUE;
        }
      if (rc != SQLITE_DONE)
        return seg_project_set_sqlite_error (project, rc, error);
    }
  return TRUE;
}

typedef struct
{
  char   *item;
  gint64  orders;
  gint64  lines;
  double  quantity;
  double  spend;
  guint   last_order;  /* the order last counted, + 1 */
} Tally;

static int
compare_by_count (gconstpointer a,
                  gconstpointer b)
{
  const SegCustomerProduct *x = *(SegCustomerProduct *const *) a;
  const SegCustomerProduct *y = *(SegCustomerProduct *const *) b;

  if (x->orders != y->orders)
    return x->orders > y->orders ? -1 : 1;
  if (x->lines != y->lines)
    return x->lines > y->lines ? -1 : 1;
  return g_strcmp0 (x->item, y->item);
}

static int
compare_by_spend (gconstpointer a,
                  gconstpointer b)
{
  const SegCustomerProduct *x = *(SegCustomerProduct *const *) a;
  const SegCustomerProduct *y = *(SegCustomerProduct *const *) b;

  if (x->spend != y->spend)
    return x->spend > y->spend ? -1 : 1;
  return compare_by_count (a, b);
}

static char *
product_name (SegProject *project,
              Source     *source,
              const char *item)
{
  g_autofree char *table_q = NULL;
  g_autofree char *key_q = NULL;
  g_autofree char *name_q = NULL;
  g_autofree char *sql = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (source->products == NULL)
    return NULL;
  table_q = seg_quote_identifier (source->products);
  key_q = seg_quote_identifier (source->product_key);
  name_q = seg_quote_identifier (source->product_name);
  sql = g_strdup_printf ("SELECT %s FROM %s WHERE CAST (%s AS TEXT) = ?1 LIMIT 1", name_q, table_q, key_q);
  if (!seg_project_prepare (project, sql, &stmt, NULL))
    return NULL;
  sqlite3_bind_text (stmt, 1, item, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

/* One pass over the customer's order lines, newest first: the orders,
 * their totals and the products. */
static gboolean
read_orders (SegProject          *reader,
             SegProject          *owner,
             Source              *source,
             SegCustomer         *customer,
             const volatile int  *cancel,
             GError             **error)
{
  g_autoptr(SegCustomerOrders) history = g_object_new (SEG_TYPE_CUSTOMER_ORDERS, NULL);
  g_autoptr(GString) sql = g_string_new ("SELECT rowid, ");
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GHashTable) order_index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) tallies = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, NULL);
  g_autoptr(GArray) order_of_line = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) line_rowids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) tally_list = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *table_q = seg_quote_identifier (source->orders->name);
  g_autofree char *customer_q = seg_quote_identifier (source->customer);
  g_autofree char *value = NULL;
  gboolean has_value;
  guint *fill;
  int rc;

  if (source->amount != NULL)
    value = seg_quote_identifier (source->amount);
  else if (source->quantity != NULL && source->price != NULL)
    {
      g_autofree char *quantity_q = seg_quote_identifier (source->quantity);
      g_autofree char *price_q = seg_quote_identifier (source->price);

      value = g_strdup_printf ("(%s * %s)", quantity_q, price_q);
    }
  has_value = value != NULL;

#define APPEND_COLUMN(name) G_STMT_START {                                    \
    if ((name) != NULL)                                                       \
      {                                                                       \
        g_autofree char *q_ = seg_quote_identifier (name);                    \
        g_string_append_printf (sql, "CAST (%s AS TEXT), ", q_);              \
      }                                                                       \
    else                                                                      \
      g_string_append (sql, "NULL, ");                                        \
  } G_STMT_END
  APPEND_COLUMN (source->invoice);
  APPEND_COLUMN (source->date);
  APPEND_COLUMN (source->item);
#undef APPEND_COLUMN
  if (source->quantity != NULL)
    {
      g_autofree char *quantity_q = seg_quote_identifier (source->quantity);

      g_string_append_printf (sql, "%s, ", quantity_q);
    }
  else
    g_string_append (sql, "NULL, ");
  g_string_append_printf (sql, "%s FROM %s WHERE CAST (%s AS TEXT) = ?1 ORDER BY ",
                          has_value ? value : "NULL", table_q, customer_q);
  if (source->date != NULL)
    {
      g_autofree char *date_q = seg_quote_identifier (source->date);

      g_string_append_printf (sql, "%s DESC, ", date_q);
    }
  g_string_append (sql, "rowid DESC");

  if (!seg_project_prepare (reader, sql->str, &stmt, error))
    return FALSE;
  sqlite3_bind_text (stmt, 1, customer->key, -1, SQLITE_STATIC);

  customer->spend = has_value ? 0.0 : NAN;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 rowid = sqlite3_column_int64 (stmt, 0);
      const char *invoice = (const char *) sqlite3_column_text (stmt, 1);
      const char *date = (const char *) sqlite3_column_text (stmt, 2);
      const char *item = (const char *) sqlite3_column_text (stmt, 3);
      double quantity = sqlite3_column_type (stmt, 4) == SQLITE_NULL ? NAN : sqlite3_column_double (stmt, 4);
      double line_value = sqlite3_column_type (stmt, 5) == SQLITE_NULL ? 0.0 : sqlite3_column_double (stmt, 5);
      g_autofree char *order_key = NULL;
      gpointer found;
      guint order;
      OrderEntry *entry;

      if (cancel != NULL && *cancel)
        break;

      /* Lines of one invoice are one order; without invoices, one day's. */
      if (invoice != NULL)
        order_key = g_strconcat ("i", invoice, NULL);
      else if (date != NULL)
        order_key = g_strconcat ("d", date, NULL);
      else
        order_key = g_strdup_printf ("r%" PRId64, rowid);
      if (invoice == NULL && date != NULL && strlen (date) > 10)
        order_key[11] = '\0';

      if (g_hash_table_lookup_extended (order_index, order_key, NULL, &found))
        order = GPOINTER_TO_UINT (found);
      else
        {
          OrderEntry fresh = { 0 };

          order = history->orders->len;
          fresh.invoice = g_strdup (invoice);
          fresh.date = g_strdup (date);
          fresh.total = has_value ? 0.0 : NAN;
          g_array_append_val (history->orders, fresh);
          g_hash_table_insert (order_index, g_steal_pointer (&order_key), GUINT_TO_POINTER (order));
        }
      entry = &g_array_index (history->orders, OrderEntry, order);
      entry->n_lines++;
      if (has_value)
        {
          entry->total += line_value;
          /* Returns are told apart, as the RFM scores do. */
          if (line_value > 0)
            customer->spend += line_value;
          else
            customer->returned -= line_value;
        }
      if (!has_value || line_value > 0)
        entry->bought = TRUE;
      g_array_append_val (order_of_line, order);
      g_array_append_val (line_rowids, rowid);

      if (date != NULL)
        {
          if (customer->last_order == NULL)
            customer->last_order = g_strdup (date);
          g_free (customer->first_order);
          customer->first_order = g_strdup (date);
        }

      if (item != NULL)
        {
          Tally *tally = g_hash_table_lookup (tallies, item);

          if (tally == NULL)
            {
              tally = g_new0 (Tally, 1);
              tally->item = g_strdup (item);
              tally->quantity = 0.0;
              g_ptr_array_add (tally_list, tally);
              g_hash_table_insert (tallies, tally->item, tally);
            }
          tally->lines++;
          if (tally->last_order != order + 1)
            {
              tally->orders++;
              tally->last_order = order + 1;
            }
          tally->quantity += isnan (quantity) ? 0.0 : quantity;
          tally->spend += line_value;
        }
    }
  if (cancel != NULL && *cancel)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Cancelled"));
      goto cleanup;
    }
  if (rc != SQLITE_DONE)
    {
      seg_project_set_sqlite_error (reader, rc, error);
      goto cleanup;
    }

  /* The lines, order by order, newest order first. */
  fill = g_new0 (guint, history->orders->len + 1);
  for (guint l = 0; l < order_of_line->len; l++)
    fill[g_array_index (order_of_line, guint, l) + 1]++;
  for (guint o = 0; o < history->orders->len; o++)
    {
      g_array_index (history->orders, OrderEntry, o).first = fill[o];
      fill[o + 1] += fill[o];
    }
  g_array_set_size (history->rowids, line_rowids->len);
  for (guint l = 0; l < line_rowids->len; l++)
    {
      guint o = g_array_index (order_of_line, guint, l);

      g_array_index (history->rowids, gint64, fill[o]++) = g_array_index (line_rowids, gint64, l);
    }
  g_free (fill);

  for (guint o = 0; o < history->orders->len; o++)
    {
      if (g_array_index (history->orders, OrderEntry, o).bought)
        customer->orders++;
      else
        customer->returns++;
    }
  customer->lines = line_rowids->len;

  for (guint i = 0; i < tally_list->len; i++)
    {
      Tally *tally = g_ptr_array_index (tally_list, i);
      SegCustomerProduct *product = g_new0 (SegCustomerProduct, 1);

      product->item = tally->item;
      product->orders = tally->orders;
      product->lines = tally->lines;
      product->quantity = source->quantity != NULL ? tally->quantity : NAN;
      product->spend = has_value ? tally->spend : NAN;
      product->name = product_name (reader, source, tally->item);
      g_ptr_array_add (customer->products, product);
      g_ptr_array_add (customer->products_by_spend, product);
    }
  g_ptr_array_set_free_func (customer->products_by_spend, NULL);
  g_ptr_array_sort (customer->products, compare_by_count);
  g_ptr_array_sort (customer->products_by_spend, has_value ? compare_by_spend : compare_by_count);

  history->project = g_object_ref (owner);
  history->table = g_strdup (source->orders->name);
  history->item = g_strdup (source->item);
  history->quantity = g_strdup (source->quantity);
  history->products = g_strdup (source->products);
  history->product_key = g_strdup (source->product_key);
  history->product_name = g_strdup (source->product_name);
  customer->history = g_steal_pointer (&history);
  return TRUE;

cleanup:
  for (guint i = 0; i < tally_list->len; i++)
    g_free (((Tally *) g_ptr_array_index (tally_list, i))->item);
  return FALSE;
}

static gboolean
read_rfm (SegProject   *project,
          GPtrArray    *tables,
          SegCustomer  *customer,
          GError      **error)
{
  for (guint t = 0; tables != NULL && t < tables->len; t++)
    {
      SegTableInfo *info = g_ptr_array_index (tables, t);
      g_autoptr(JsonNode) origin = NULL;
      g_autoptr(sqlite3_stmt) stmt = NULL;
      g_autofree char *table_q = NULL;
      g_autofree char *sql = NULL;
      int rc;

      if (info->origin == NULL || (origin = json_from_string (info->origin, NULL)) == NULL ||
          g_strcmp0 (member_string (origin, "kind"), "rfm") != 0)
        continue;
      table_q = seg_quote_identifier (info->name);
      sql = g_strdup_printf ("SELECT recency, frequency, monetary, r_score, f_score, m_score, segment"
                             " FROM %s WHERE CAST (customer AS TEXT) = ?1 LIMIT 1", table_q);
      /* A table of that origin changed by hand is passed over. */
      if (!seg_project_prepare (project, sql, &stmt, NULL))
        continue;
      sqlite3_bind_text (stmt, 1, customer->key, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          SegCustomerRfm *rfm = g_new0 (SegCustomerRfm, 1);

          rfm->table = g_strdup (info->name);
          rfm->as_of = g_strdup (member_string (origin, "as_of"));
          rfm->recency = sqlite3_column_int64 (stmt, 0);
          rfm->frequency = sqlite3_column_int64 (stmt, 1);
          rfm->monetary = sqlite3_column_double (stmt, 2);
          rfm->r_score = sqlite3_column_int (stmt, 3);
          rfm->f_score = sqlite3_column_int (stmt, 4);
          rfm->m_score = sqlite3_column_int (stmt, 5);
          rfm->segment = g_strdup ((const char *) sqlite3_column_text (stmt, 6));
          g_ptr_array_add (customer->rfm, rfm);
        }
      else if (rc != SQLITE_DONE)
        return seg_project_set_sqlite_error (project, rc, error);
    }
  return TRUE;
}

static gboolean
read_clusters (SegProject          *project,
               GPtrArray           *runs,
               SegCustomer         *customer,
               const volatile int  *cancel,
               GError             **error)
{
  for (guint i = 0; i < runs->len; i++)
    {
      SegRunRecord *record = g_ptr_array_index (runs, i);
      g_autoptr(SegTableInfo) result = NULL;
      g_autoptr(sqlite3_stmt) stmt = NULL;
      g_autofree char *table_q = NULL;
      g_autofree char *key_q = NULL;
      g_autofree char *sql = NULL;
      SegColumnInfo *key;
      int rc;

      if (cancel != NULL && *cancel)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Cancelled"));
          return FALSE;
        }
      if (record->kind != SEG_MODEL_KIND_SEGMENTATION ||
          (result = seg_run_record_get_result (record, project, NULL)) == NULL ||
          result->columns->len == 0 || seg_table_find_column (result, "", "cluster", NULL) == NULL)
        continue;
      /* A run of rows without a key cannot say who is who. */
      key = g_ptr_array_index (result->columns, 0);
      if (g_str_equal (key->name, "row") || g_str_equal (key->name, "cluster"))
        continue;
      table_q = seg_quote_identifier (result->name);
      key_q = seg_quote_identifier (key->name);
      sql = g_strdup_printf ("SELECT cluster FROM %s WHERE CAST (%s AS TEXT) = ?1 LIMIT 1", table_q, key_q);
      if (!seg_project_prepare (project, sql, &stmt, NULL))
        continue;
      sqlite3_bind_text (stmt, 1, customer->key, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          SegCustomerCluster *cluster = g_new0 (SegCustomerCluster, 1);
          g_autoptr(SegProfile) profile = NULL;

          cluster->run = record->id;
          cluster->title = g_strdup (seg_run_record_get_title (record));
          cluster->cluster = sqlite3_column_type (stmt, 0) == SQLITE_NULL ? 0 : sqlite3_column_int (stmt, 0);
          profile = seg_project_profile_full (project, record->id, NULL, FALSE, NULL);
          for (guint c = 0; profile != NULL && c < profile->clusters->len; c++)
            {
              SegClusterProfile *described = g_ptr_array_index (profile->clusters, c);

              if (described->cluster == cluster->cluster)
                cluster->name = g_strdup (described->name);
            }
          g_ptr_array_add (customer->clusters, cluster);
        }
      else if (rc != SQLITE_DONE)
        return seg_project_set_sqlite_error (project, rc, error);
    }
  return TRUE;
}

static gboolean
read_offers (SegProject   *project,
             GPtrArray    *runs,
             gint64        run,
             SegCustomer  *customer,
             GError      **error)
{
  for (guint i = 0; run > 0 && i < runs->len; i++)
    {
      SegRunRecord *record = g_ptr_array_index (runs, i);

      if (record->id != run)
        continue;
      customer->offers = seg_recommender_read_offers (project, record, customer->key, 50, error);
      if (customer->offers == NULL)
        return FALSE;
      customer->offers_run = run;
      customer->offers_title = g_strdup (seg_run_record_get_title (record));
      return TRUE;
    }
  customer->offers = g_ptr_array_new_with_free_func ((GDestroyNotify) seg_offer_free);
  return TRUE;
}

static SegCustomer *
gather (SegProject          *reader,
        SegProject          *owner,
        const char          *key,
        gint64               offers_run,
        const volatile int  *cancel,
        GError             **error)
{
  g_autoptr(SegCustomer) customer = g_new0 (SegCustomer, 1);
  g_autoptr(GPtrArray) tables = NULL;
  g_autoptr(GPtrArray) runs = NULL;
  g_auto(Source) source = { 0 };
  gboolean has_orders;

  tables = seg_project_list_tables (reader, error);
  if (tables == NULL)
    return NULL;
  runs = seg_project_list_runs (reader, error);
  if (runs == NULL)
    return NULL;
  if (offers_run > 0)
    {
      g_autoptr(SegRunRecord) record = seg_project_get_run (reader, offers_run, error);

      if (record == NULL)
        return NULL;
      if (record->kind != SEG_MODEL_KIND_RECOMMENDATION || seg_run_record_is_evaluation (record))
        {
          g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                       _("Run %" PRId64 " made no offers: it is not a recommendation run"), offers_run);
          return NULL;
        }
    }

  customer->key = g_strdup (key);
  customer->fields = g_ptr_array_new_with_free_func ((GDestroyNotify) field_free);
  customer->rfm = g_ptr_array_new_with_free_func ((GDestroyNotify) rfm_free);
  customer->clusters = g_ptr_array_new_with_free_func ((GDestroyNotify) cluster_free);
  customer->products = g_ptr_array_new_with_free_func ((GDestroyNotify) product_free);
  customer->products_by_spend = g_ptr_array_new ();
  customer->spend = NAN;

  has_orders = find_source (reader, runs, tables, offers_run, &source);
  if (has_orders)
    {
      customer->orders_table = g_strdup (source.orders->name);
      customer->customer_column = g_strdup (source.customer);
      customer->item_column = g_strdup (source.item);
      customer->date_column = g_strdup (source.date);
      customer->invoice_column = g_strdup (source.invoice);
      customer->products_table = g_strdup (source.products);
    }

  if (!read_customer_row (reader, tables, &source, customer, error))
    return NULL;
  if (!has_orders && customer->customers_table == NULL)
    {
      g_set_error_literal (error, SEG_CUSTOMER_ERROR, SEG_CUSTOMER_ERROR_NO_DATA,
                           _("The project has no table of customers or of order lines to look them up in"));
      return NULL;
    }
  if (has_orders && !read_orders (reader, owner, &source, customer, cancel, error))
    return NULL;
  if (customer->fields->len == 0 && customer->orders == 0)
    {
      if (customer->customers_table != NULL && has_orders)
        g_set_error (error, SEG_CUSTOMER_ERROR, SEG_CUSTOMER_ERROR_UNKNOWN,
                     _("No customer “%s”: neither the table “%s” nor the order lines in “%s” have that key"),
                     key, customer->customers_table, customer->orders_table);
      else
        g_set_error (error, SEG_CUSTOMER_ERROR, SEG_CUSTOMER_ERROR_UNKNOWN,
                     _("No customer “%s” in the table “%s”"), key,
                     customer->customers_table != NULL ? customer->customers_table : customer->orders_table);
      return NULL;
    }
  if (!read_rfm (reader, tables, customer, error) ||
      !read_clusters (reader, runs, customer, cancel, error) ||
      !read_offers (reader, runs, offers_run > 0 ? offers_run : source.rec_run, customer, error))
    return NULL;

  return g_steal_pointer (&customer);
}


/**
 * seg_project_get_customer:
 * @key: the customer's key, as the order lines and the customers table
 *   hold it
 * @offers_run: the recommendation run to take the offers from, or 0 for
 *   the newest
 *
 * Everything the project knows about one customer. Reads the project
 * only. The history's orders read their products from @project when
 * they are shown.
 *
 * Returns: (transfer full): the customer, or %NULL with @error set:
 *   %SEG_CUSTOMER_ERROR_UNKNOWN for a key no table has
 */
SegCustomer *
seg_project_get_customer (SegProject  *project,
                          const char  *key,
                          gint64       offers_run,
                          GError     **error)
{
  g_return_val_if_fail (SEG_IS_PROJECT (project), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  return gather (project, project, key, offers_run, NULL, error);
}

typedef struct
{
  SegProject *owner;
  char       *key;
  gint64      offers_run;
} CustomerJob;

static void
customer_job_free (CustomerJob *job)
{
  g_clear_object (&job->owner);
  g_free (job->key);
  g_free (job);
}

static gpointer
customer_func (SegProject          *project,
               gpointer             data,
               const volatile int  *cancel,
               GError             **error)
{
  CustomerJob *job = data;
  g_autoptr(SegProject) reader = seg_project_open_reader (project, cancel, error);

  return reader != NULL ? gather (reader, job->owner, job->key, job->offers_run, cancel, error) : NULL;
}

/**
 * seg_project_get_customer_async:
 * @cancellable: (nullable): stops the work, even inside a query
 *
 * seg_project_get_customer() in a worker thread through a connection of
 * its own: finding a customer's order lines reads the whole order table.
 */
void
seg_project_get_customer_async (SegProject          *project,
                                const char          *key,
                                gint64               offers_run,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  CustomerJob *job;

  g_return_if_fail (SEG_IS_PROJECT (project));
  g_return_if_fail (key != NULL);

  job = g_new0 (CustomerJob, 1);
  job->owner = g_object_ref (project);
  job->key = g_strdup (key);
  job->offers_run = offers_run;
  seg_task_run (project, seg_project_get_customer_async, customer_func,
                job, (GDestroyNotify) customer_job_free, (GDestroyNotify) seg_customer_free,
                cancellable, callback, user_data);
}

/**
 * seg_project_get_customer_finish:
 *
 * Returns: (transfer full): the customer, or %NULL with @error set;
 *   %G_IO_ERROR_CANCELLED once cancelled
 */
SegCustomer *
seg_project_get_customer_finish (SegProject    *project,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return seg_task_finish (project, result, seg_project_get_customer_async, error);
}

/**
 * seg_project_find_customer_key_column:
 * @table: a table of the project
 *
 * Whether @table's rows are customers or name one, and by which column:
 * the column named as the order lines' customer column, or as a
 * customer's key usually is. An order-lines table names its customer
 * column; a table an analysis made names its first column when that
 * holds customers (RFM scores, a clustering run's rows).
 *
 * Returns: (transfer full) (nullable): the column, or %NULL
 */
char *
seg_project_find_customer_key_column (SegProject *project,
                                      const char *table)
{
  g_autoptr(GPtrArray) tables = NULL;
  g_autoptr(GPtrArray) runs = NULL;
  g_autoptr(SegTableInfo) info = NULL;
  g_auto(Source) source = { 0 };
  SegColumnInfo *column;

  g_return_val_if_fail (SEG_IS_PROJECT (project), NULL);
  g_return_val_if_fail (table != NULL, NULL);

  info = seg_project_get_table (project, table, NULL);
  tables = seg_project_list_tables (project, NULL);
  runs = seg_project_list_runs (project, NULL);
  if (info == NULL || tables == NULL || runs == NULL)
    return NULL;
  find_source (project, runs, tables, 0, &source);
  if (source.orders != NULL && g_str_equal (source.orders->name, info->name))
    return g_strdup (source.customer);
  column = customer_key_of (info, source.customer);
  if (column == NULL && info->origin != NULL && info->columns->len > 0 &&
      g_str_equal (((SegColumnInfo *) g_ptr_array_index (info->columns, 0))->name, "customer"))
    column = g_ptr_array_index (info->columns, 0);
  return column != NULL ? g_strdup (column->name) : NULL;
}
