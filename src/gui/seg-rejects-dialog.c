/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "seg-rejects-dialog.h"

/* The rows an import set aside, with the line, the column and the reason,
 * so the person can fix the file and import it again. */

struct _SegRejectsDialog
{
  AdwWindow            parent_instance;

  GtkStack            *stack;
  AdwStatusPage       *empty_page;
  GtkColumnView       *column_view;
  GtkColumnViewColumn *line_column;
  GtkColumnViewColumn *column_column;
  GtkColumnViewColumn *reason_column;
  GtkColumnViewColumn *raw_column;

  GPtrArray           *rejects;  /* of SegReject */
};

typedef enum
{
  FIELD_LINE,
  FIELD_COLUMN,
  FIELD_REASON,
  FIELD_RAW,
} Field;

G_DEFINE_FINAL_TYPE (SegRejectsDialog, seg_rejects_dialog, ADW_TYPE_WINDOW)

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  gtk_list_item_set_child (item, label);
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           SegRejectsDialog         *self)
{
  GtkWidget *label = gtk_list_item_get_child (item);
  guint index = g_ascii_strtoull (gtk_string_object_get_string (gtk_list_item_get_item (item)), NULL, 10);
  Field field = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (factory), "field"));
  SegReject *reject = g_ptr_array_index (self->rejects, index);
  g_autofree char *text = NULL;

  switch (field)
    {
    case FIELD_LINE:
      /* Rows added to the table later came from files of their own. */
      if (reject->source_file != NULL)
        {
          text = g_strdup_printf (_("%" PRId64 " in %s"), reject->line, reject->source_file);
          gtk_widget_set_tooltip_text (label, text);
        }
      else
        {
          text = g_strdup_printf ("%" PRId64, reject->line);
          gtk_widget_set_tooltip_text (label, NULL);
        }
      break;
    case FIELD_COLUMN:
      text = reject->column > 0 ? g_strdup_printf ("%d", reject->column) : g_strdup ("");
      break;
    case FIELD_REASON:
      text = g_strdup (reject->reason);
      break;
    case FIELD_RAW:
    default:
      text = g_strdup (reject->raw);
      g_strdelimit (text, "\r\n", ' ');
    }

  gtk_label_set_text (GTK_LABEL (label), text);
  gtk_widget_set_tooltip_text (label, field >= FIELD_REASON ? text : NULL);
}

static void
set_factory (SegRejectsDialog    *self,
             GtkColumnViewColumn *column,
             Field                field)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  g_object_set_data (G_OBJECT (factory), "field", GUINT_TO_POINTER (field));
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), NULL);
  g_signal_connect_object (factory, "bind", G_CALLBACK (bind_cell), self, 0);
  gtk_column_view_column_set_factory (column, factory);
}

static void
seg_rejects_dialog_dispose (GObject *object)
{
  SegRejectsDialog *self = SEG_REJECTS_DIALOG (object);

  if (self->column_view != NULL)
    gtk_column_view_set_model (self->column_view, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), SEG_TYPE_REJECTS_DIALOG);

  G_OBJECT_CLASS (seg_rejects_dialog_parent_class)->dispose (object);
}

static void
seg_rejects_dialog_finalize (GObject *object)
{
  g_clear_pointer (&SEG_REJECTS_DIALOG (object)->rejects, g_ptr_array_unref);

  G_OBJECT_CLASS (seg_rejects_dialog_parent_class)->finalize (object);
}

static void
seg_rejects_dialog_class_init (SegRejectsDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = seg_rejects_dialog_dispose;
  object_class->finalize = seg_rejects_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/segmenta/Segmenta/seg-rejects-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SegRejectsDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, SegRejectsDialog, empty_page);
  gtk_widget_class_bind_template_child (widget_class, SegRejectsDialog, column_view);
  gtk_widget_class_bind_template_child (widget_class, SegRejectsDialog, line_column);
  gtk_widget_class_bind_template_child (widget_class, SegRejectsDialog, column_column);
  gtk_widget_class_bind_template_child (widget_class, SegRejectsDialog, reason_column);
  gtk_widget_class_bind_template_child (widget_class, SegRejectsDialog, raw_column);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
seg_rejects_dialog_init (SegRejectsDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  set_factory (self, self->line_column, FIELD_LINE);
  set_factory (self, self->column_column, FIELD_COLUMN);
  set_factory (self, self->reason_column, FIELD_REASON);
  set_factory (self, self->raw_column, FIELD_RAW);
}

/**
 * seg_rejects_dialog_new:
 * @parent: (nullable): the window it belongs to
 * @project: the project
 * @table: a table made by an import
 * @error: return location for an error
 *
 * Returns: (transfer none) (nullable): the dialog, not yet presented, or
 *   %NULL when the rejected rows cannot be read
 */
SegRejectsDialog *
seg_rejects_dialog_new (GtkWindow   *parent,
                        SegProject  *project,
                        const char  *table,
                        GError     **error)
{
  g_autoptr(GPtrArray) rejects = NULL;
  g_autoptr(GtkStringList) indices = gtk_string_list_new (NULL);
  g_autofree char *title = NULL;
  SegRejectsDialog *self;

  g_return_val_if_fail (SEG_IS_PROJECT (project), NULL);
  g_return_val_if_fail (table != NULL, NULL);

  rejects = seg_project_list_rejects (project, table, error);
  if (rejects == NULL)
    return NULL;

  /* The rows are listed by their index into the array, which keeps the
   * model a plain string list. */
  for (guint i = 0; i < rejects->len; i++)
    {
      char index[16];

      g_snprintf (index, sizeof index, "%u", i);
      gtk_string_list_append (indices, index);
    }

  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u Rejected Row of “%s”",
                                        "%'u Rejected Rows of “%s”", rejects->len),
                           rejects->len, table);
  self = g_object_new (SEG_TYPE_REJECTS_DIALOG, "title", title, "transient-for", parent, NULL);
  self->rejects = g_steal_pointer (&rejects);
  gtk_column_view_set_model (self->column_view,
                             GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (G_LIST_MODEL (indices)))));
  if (self->rejects->len == 0)
    {
      g_autofree char *description = g_strdup_printf (_("Every row of “%s” was imported."), table);

      /* An empty grid would look like rows failing to load. */
      adw_status_page_set_description (self->empty_page, description);
      gtk_stack_set_visible_child_name (self->stack, "empty");
    }
  else
    gtk_stack_set_visible_child_name (self->stack, "rows");
  return self;
}

guint
seg_rejects_dialog_get_n_rows (SegRejectsDialog *self)
{
  g_return_val_if_fail (SEG_IS_REJECTS_DIALOG (self), 0);

  return self->rejects->len;
}

/* "rows", or "empty" when the import kept every row. */
const char *
seg_rejects_dialog_get_shown (SegRejectsDialog *self)
{
  g_return_val_if_fail (SEG_IS_REJECTS_DIALOG (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}
