/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <inttypes.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "seg-cli-common.h"

SegCliGlobal seg_cli_global;

static const GOptionEntry global_entries[] = {
  { "project", 'p', 0, G_OPTION_ARG_FILENAME, &seg_cli_global.project_path, N_("The project file (created if it does not exist)"), N_("PROJECT") },
  { "json", 0, 0, G_OPTION_ARG_NONE, &seg_cli_global.json, N_("Print machine-readable JSON"), NULL },
  { "quiet", 'q', 0, G_OPTION_ARG_NONE, &seg_cli_global.quiet, N_("Print no progress"), NULL },
  { NULL }
};

void
seg_cli_add_global_options (GOptionContext *context)
{
  g_option_context_add_main_entries (context, global_entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
}

/* Errors ------------------------------------------------------------------ */

/**
 * seg_cli_exit_status:
 *
 * What an error means for the exit status, by its domain and code alone,
 * so that a translated message cannot change it: a command line that
 * cannot be right (an unknown option, a value out of range) is a usage
 * error; everything that depends on the files and the project, such as a
 * column the table lacks or a line that does not parse, is bad input.
 *
 * Returns: %SEG_CLI_EXIT_USAGE or %SEG_CLI_EXIT_BAD_INPUT
 */
int
seg_cli_exit_status (const GError *error)
{
  if (error->domain == G_OPTION_ERROR)
    return SEG_CLI_EXIT_USAGE;

  return SEG_CLI_EXIT_BAD_INPUT;
}

/**
 * seg_cli_fail:
 *
 * Reports @error on standard error, with a pointer to --help for a usage
 * error.
 *
 * Returns: the exit status for @error
 */
int
seg_cli_fail (const GError *error)
{
  int status = seg_cli_exit_status (error);
  g_autofree char *message = g_strdup (error->message != NULL ? error->message : "");

  /* A bar still on the line would run into the message, and wiping it
   * afterwards would leave the output without its last newline. */
  seg_cli_progress_stop ();

  /* Exactly one newline ends the message, whatever the text it came
   * with: some messages from libraries end with their own. */
  g_strchomp (message);
  g_printerr ("segmenta-cli: %s\n", message);
  if (status == SEG_CLI_EXIT_USAGE)
    g_printerr (_("Try “segmenta-cli --help” for more information.\n"));

  return status;
}

int
seg_cli_usage_error (const char *format,
                     ...)
{
  g_autoptr(GError) error = NULL;
  va_list args;

  va_start (args, format);
  error = g_error_new_valist (G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, format, args);
  va_end (args);

  return seg_cli_fail (error);
}

/**
 * seg_cli_as_option_error:
 *
 * Makes @error a usage error: for values that came from the command line
 * and that a core call refused before any data was read, such as a model
 * parameter the model does not have.
 */
void
seg_cli_as_option_error (GError **error)
{
  GError *option_error;

  if (error == NULL || *error == NULL || (*error)->domain == G_OPTION_ERROR)
    return;

  option_error = g_error_new_literal (G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, (*error)->message);
  g_error_free (*error);
  *error = option_error;
}

/* Running a command ------------------------------------------------------- */

static SegProject *
open_project (gboolean   create,
              int       *status)
{
  g_autoptr(GError) error = NULL;
  SegProject *project;

  if (seg_cli_global.project_path == NULL)
    {
      *status = seg_cli_usage_error (_("no project given: use -p PROJECT.segmenta"));
      return NULL;
    }

  project = seg_project_open (seg_cli_global.project_path, create, &error);
  if (project == NULL)
    *status = seg_cli_fail (error);

  return project;
}

/**
 * seg_cli_command_run:
 * @argv: the command's name and what follows it
 *
 * Parses the command's options (GOptionContext prints --help itself),
 * checks its arguments, opens the project and runs it.
 *
 * Returns: the exit status
 */
int
seg_cli_command_run (const SegCliCommand  *command,
                     int                   argc,
                     char                **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(SegProject) project = NULL;
  g_autoptr(GError) error = NULL;
  int status = SEG_CLI_EXIT_OK;

  context = g_option_context_new (_(command->parameter_string));
  if (command->description != NULL)
    g_option_context_set_summary (context, _(command->description));
  if (command->add_options != NULL)
    command->add_options (context);
  if (command->entries != NULL)
    g_option_context_add_main_entries (context, command->entries, GETTEXT_PACKAGE);
  /* The options of every command may also come after the command. */
  seg_cli_add_global_options (context);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      seg_cli_as_option_error (&error);
      return seg_cli_fail (error);
    }

  if (command->check != NULL && (status = command->check (argc, argv)) != SEG_CLI_EXIT_OK)
    return status;

  project = open_project (command->create_project, &status);
  if (project == NULL)
    return status;

  return command->run (project, argc, argv);
}

/* Text -------------------------------------------------------------------- */

/* Terminal cells a string takes: CJK characters take two. */
int
seg_cli_display_width (const char *text)
{
  int width = 0;

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iszerowidth (c))
        continue;
      width += g_unichar_iswide (c) ? 2 : 1;
    }

  return width;
}

void
seg_cli_print_padded (const char *text,
                      int         width,
                      gboolean    right)
{
  int pad = MAX (0, width - seg_cli_display_width (text));

  if (right)
    g_print ("%*s%s", pad, "", text);
  else
    g_print ("%s%*s", text, pad, "");
}

gboolean
seg_cli_parse_run_id (const char *text,
                      gint64     *id)
{
  char *end = NULL;

  *id = g_ascii_strtoll (text, &end, 10);

  return end != text && *end == '\0' && *id > 0;
}

/**
 * seg_cli_check_run_id:
 * @wrong_count: the usage error when there is not one argument
 * @not_a_number: the usage error, with a %s for the argument, when it is
 *   not a run number
 *
 * Checks the arguments of a command that takes one run number.
 *
 * Returns: the exit status: %SEG_CLI_EXIT_OK to go on
 */
int
seg_cli_check_run_id (int          argc,
                      char       **argv,
                      const char  *wrong_count,
                      const char  *not_a_number)
{
  gint64 id;

  if (argc != 2)
    return seg_cli_usage_error ("%s", wrong_count);
  if (seg_cli_parse_run_id (argv[1], &id))
    return SEG_CLI_EXIT_OK;

  /* Each command spells its own message out for the translators. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
  return seg_cli_usage_error (not_a_number, argv[1]);
#pragma GCC diagnostic pop
}

/**
 * seg_cli_local_minute:
 * @iso: (nullable): a time in ISO 8601, as the project stores times
 *
 * Returns: (transfer full): the time to the minute in the local time zone,
 *   such as "2026-12-02 10:47" for "2026-12-02T09:47:54.3Z", or @iso as it
 *   is when it does not parse
 */
char *
seg_cli_local_minute (const char *iso)
{
  g_autoptr(GDateTime) utc = iso != NULL ? g_date_time_new_from_iso8601 (iso, NULL) : NULL;
  g_autoptr(GDateTime) local = utc != NULL ? g_date_time_to_local (utc) : NULL;

  return local != NULL ? g_date_time_format (local, "%Y-%m-%d %H:%M") : g_strdup (iso != NULL ? iso : "");
}

/* Progress ---------------------------------------------------------------- */

struct _SegCliProgress
{
  GObject *object;
  char    *fraction_property;
  char    *message_property;
};

/* The bar on the terminal, if any, for seg_cli_fail() to wipe. */
static SegCliProgress *shown_progress;

/* Wipes @progress from the terminal and stops drawing it. */
static void
progress_hide (SegCliProgress *progress)
{
  if (progress->object == NULL)
    return;

  g_signal_handlers_disconnect_by_data (progress->object, progress);
  g_printerr ("\r%80s\r", "");
  g_clear_object (&progress->object);
  if (shown_progress == progress)
    shown_progress = NULL;
}

/**
 * seg_cli_progress_stop:
 *
 * Wipes the progress bar that is on the terminal, if any, so that a
 * message can take its line.
 */
void
seg_cli_progress_stop (void)
{
  if (shown_progress != NULL)
    progress_hide (shown_progress);
}

static void
on_progress_notify (GObject    *object,
                    GParamSpec *pspec,
                    gpointer    user_data)
{
  SegCliProgress *progress = user_data;
  g_autofree char *message = NULL;
  double fraction = 0;
  int filled;
  char bar[31];

  g_object_get (object,
                progress->fraction_property, &fraction,
                progress->message_property, &message,
                NULL);
  filled = (int) (fraction * 30 + 0.5);
  memset (bar, '#', filled);
  memset (bar + filled, ' ', 30 - filled);
  bar[30] = '\0';
  /* 79 columns at the most, so that one line of spaces wipes it. */
  g_printerr ("\r[%s] %3d%%  %-40.40s", bar, (int) (fraction * 100), message ? message : "");
}

/**
 * seg_cli_progress_new:
 * @object: what does the work
 * @fraction_property: its double property from 0 to 1
 * @message_property: its string property saying what it does
 *
 * Shows a progress bar on standard error while @object works, unless
 * --quiet was given or standard error is no terminal.
 *
 * Returns: (transfer full): the bar, for seg_cli_progress_free() to wipe
 */
SegCliProgress *
seg_cli_progress_new (gpointer    object,
                      const char *fraction_property,
                      const char *message_property)
{
  SegCliProgress *progress = g_new0 (SegCliProgress, 1);
  g_autofree char *fraction_signal = g_strconcat ("notify::", fraction_property, NULL);
  g_autofree char *message_signal = g_strconcat ("notify::", message_property, NULL);

  g_return_val_if_fail (G_IS_OBJECT (object), progress);

  if (seg_cli_global.quiet || !isatty (STDERR_FILENO))
    return progress;

  progress->object = g_object_ref (object);
  progress->fraction_property = g_strdup (fraction_property);
  progress->message_property = g_strdup (message_property);
  g_signal_connect (object, fraction_signal, G_CALLBACK (on_progress_notify), progress);
  g_signal_connect (object, message_signal, G_CALLBACK (on_progress_notify), progress);
  shown_progress = progress;

  return progress;
}

void
seg_cli_progress_free (SegCliProgress *progress)
{
  if (progress == NULL)
    return;

  progress_hide (progress);
  g_free (progress->fraction_property);
  g_free (progress->message_property);
  g_free (progress);
}

/* Tables ------------------------------------------------------------------ */

typedef struct
{
  char *key;
  char *heading;
  gboolean right;
} Column;

typedef struct
{
  char       *name;
  GHashTable *texts; /* key → text */
  JsonNode   *json;  /* an object, or an array for SEG_CLI_ROWS_AS_ARRAYS */
} Row;

struct _SegCliTable
{
  GArray          *columns; /* of Column */
  GPtrArray       *rows;    /* of Row */
  SegCliRowsShape  shape;
};

static void
column_clear (gpointer data)
{
  Column *column = data;

  g_free (column->key);
  g_free (column->heading);
}

static void
row_free (gpointer data)
{
  Row *row = data;

  g_free (row->name);
  g_hash_table_unref (row->texts);
  json_node_unref (row->json);
  g_free (row);
}

/**
 * seg_cli_table_new:
 * @headings: (nullable): the translated headings, separated by "|"
 * @keys: (nullable): the key of each column, separated by "|": the JSON
 *   member its cells are, and the name cells are added under
 * @alignment: (nullable): "l" or "r" for each column
 *
 * Returns: (transfer full): a table with those columns
 */
SegCliTable *
seg_cli_table_new (const char *headings,
                   const char *keys,
                   const char *alignment)
{
  SegCliTable *self = g_new0 (SegCliTable, 1);
  g_auto(GStrv) heading_list = g_strsplit (headings != NULL ? headings : "", "|", -1);
  g_auto(GStrv) key_list = g_strsplit (keys != NULL ? keys : "", "|", -1);

  self->columns = g_array_new (FALSE, TRUE, sizeof (Column));
  g_array_set_clear_func (self->columns, column_clear);
  self->rows = g_ptr_array_new_with_free_func (row_free);

  for (guint i = 0; headings != NULL && heading_list[i] != NULL; i++)
    seg_cli_table_add_column (self,
                              i < g_strv_length (key_list) ? key_list[i] : heading_list[i],
                              heading_list[i],
                              alignment != NULL && i < strlen (alignment) && alignment[i] == 'r');

  return self;
}

void
seg_cli_table_free (SegCliTable *self)
{
  if (self == NULL)
    return;

  g_array_unref (self->columns);
  g_ptr_array_unref (self->rows);
  g_free (self);
}

void
seg_cli_table_set_shape (SegCliTable     *self,
                         SegCliRowsShape  shape)
{
  self->shape = shape;
}

void
seg_cli_table_add_column (SegCliTable *self,
                          const char  *key,
                          const char  *heading,
                          gboolean     right)
{
  Column column = { g_strdup (key), g_strdup (heading), right };

  g_array_append_val (self->columns, column);
}

guint
seg_cli_table_get_n_rows (SegCliTable *self)
{
  return self->rows->len;
}

/**
 * seg_cli_table_begin_row:
 * @name: (nullable): the row's member name for %SEG_CLI_ROWS_BY_NAME
 */
void
seg_cli_table_begin_row (SegCliTable *self,
                         const char  *name)
{
  Row *row = g_new0 (Row, 1);

  row->name = g_strdup (name);
  row->texts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  /* The node takes the container it is given; initializing it with one
   * would add a reference that nothing drops. */
  if (self->shape == SEG_CLI_ROWS_AS_ARRAYS)
    {
      row->json = json_node_new (JSON_NODE_ARRAY);
      json_node_take_array (row->json, json_array_new ());
    }
  else
    {
      row->json = json_node_new (JSON_NODE_OBJECT);
      json_node_take_object (row->json, json_object_new ());
    }
  g_ptr_array_add (self->rows, row);
}

/**
 * seg_cli_table_add:
 * @key: the cell's column, and its member name in JSON
 * @json: (transfer full) (nullable): the cell in JSON; %NULL for a cell
 *   that only the text shows
 * @text: (transfer full) (nullable): the cell as text; %NULL for a member
 *   that only JSON has
 *
 * Adds a cell to the last row begun.
 */
void
seg_cli_table_add (SegCliTable *self,
                   const char  *key,
                   JsonNode    *json,
                   char        *text)
{
  Row *row;

  g_return_if_fail (self->rows->len > 0);

  row = g_ptr_array_index (self->rows, self->rows->len - 1);
  if (text != NULL)
    g_hash_table_replace (row->texts, g_strdup (key), text);
  if (json == NULL)
    return;
  if (JSON_NODE_HOLDS_ARRAY (row->json))
    json_array_add_element (json_node_get_array (row->json), json);
  else
    json_object_set_member (json_node_get_object (row->json), key, json);
}

/* A string cell: an absent value is JSON's null or empty text. */
void
seg_cli_table_add_string (SegCliTable *self,
                          const char  *key,
                          const char  *value)
{
  seg_cli_table_add (self, key, seg_cli_json_string (value), g_strdup (value != NULL ? value : ""));
}

void
seg_cli_table_add_int (SegCliTable *self,
                       const char  *key,
                       gint64       value)
{
  seg_cli_table_add (self, key, seg_cli_json_int (value), g_strdup_printf ("%" PRId64, value));
}

/**
 * seg_cli_table_to_json:
 *
 * Returns: (transfer full): the rows in the table's JSON shape
 */
JsonNode *
seg_cli_table_to_json (SegCliTable *self)
{
  JsonObject *object = NULL;
  JsonArray *array = NULL;

  if (self->shape == SEG_CLI_ROWS_BY_NAME)
    object = json_object_new ();
  else
    array = json_array_new ();

  for (guint r = 0; r < self->rows->len; r++)
    {
      Row *row = g_ptr_array_index (self->rows, r);

      if (object != NULL)
        json_object_set_member (object, row->name, json_node_ref (row->json));
      else
        json_array_add_element (array, json_node_ref (row->json));
    }

  /* The node holds its own reference to the container. */
  if (object != NULL)
    {
      JsonNode *node = json_node_init_object (json_node_alloc (), object);

      json_object_unref (object);
      return node;
    }
  else
    {
      JsonNode *node = json_node_init_array (json_node_alloc (), array);

      json_array_unref (array);
      return node;
    }
}

/* A cell cut to 40 terminal cells, on one line. */
static char *
fit_cell (const char *text)
{
  char *cell;

  if (seg_cli_display_width (text) > 40)
    {
      const char *end = text;
      int w = 0;

      while (*end && w < 38)
        {
          w += g_unichar_iswide (g_utf8_get_char (end)) ? 2 : 1;
          end = g_utf8_next_char (end);
        }
      cell = g_strdup_printf ("%.*s…", (int) (end - text), text);
    }
  else
    cell = g_strdup (text);

  /* Tabs and line ends inside a value would break the layout. */
  return g_strdelimit (cell, "\t\r\n", ' ');
}

static const char *
cell_text (SegCliTable *self,
           guint        row,
           guint        column)
{
  Column *c = &g_array_index (self->columns, Column, column);
  const char *text;

  /* Row 0 is the heading. */
  if (row == 0)
    return c->heading;
  text = g_hash_table_lookup (((Row *) g_ptr_array_index (self->rows, row - 1))->texts, c->key);

  return text != NULL ? text : "";
}

/* Prints the rows as aligned columns under their headings. */
void
seg_cli_table_print_text (SegCliTable *self)
{
  guint n_columns = self->columns->len;
  g_autofree int *widths = g_new0 (int, MAX (n_columns, 1));

  if (n_columns == 0)
    return;

  for (guint r = 0; r <= self->rows->len; r++)
    for (guint c = 0; c < n_columns; c++)
      widths[c] = MAX (widths[c], MIN (seg_cli_display_width (cell_text (self, r, c)), 40));

  for (guint r = 0; r <= self->rows->len; r++)
    for (guint c = 0; c < n_columns; c++)
      {
        g_autofree char *cell = fit_cell (cell_text (self, r, c));
        gboolean right = g_array_index (self->columns, Column, c).right && r > 0;

        /* The last column runs on as far as it needs. */
        if (c + 1 == n_columns && !right)
          {
            g_print ("%s\n", cell_text (self, r, c));
            continue;
          }
        seg_cli_print_padded (cell, widths[c], right);
        g_print (c + 1 < n_columns ? "  " : "\n");
      }
}

/* Prints the rows as --json asks: JSON, or text. */
void
seg_cli_table_print (SegCliTable *self)
{
  if (seg_cli_global.json)
    {
      g_autoptr(JsonNode) root = seg_cli_table_to_json (self);

      seg_cli_print_json (root);
    }
  else
    seg_cli_table_print_text (self);
}

/* JSON -------------------------------------------------------------------- */

JsonNode *
seg_cli_json_string (const char *value)
{
  return json_node_init_string (json_node_alloc (), value);
}

JsonNode *
seg_cli_json_int (gint64 value)
{
  return json_node_init_int (json_node_alloc (), value);
}

JsonNode *
seg_cli_json_double (double value)
{
  return json_node_init_double (json_node_alloc (), value);
}

/* JSON has no NaN nor infinity: a measure that has no value is null. */
JsonNode *
seg_cli_json_double_or_null (double value)
{
  if (isfinite (value))
    return seg_cli_json_double (value);

  return json_node_init_null (json_node_alloc ());
}

void
seg_cli_json_add_string (JsonBuilder *builder,
                         const char  *name,
                         const char  *value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

void
seg_cli_json_add_int (JsonBuilder *builder,
                      const char  *name,
                      gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

void
seg_cli_json_add_boolean (JsonBuilder *builder,
                          const char  *name,
                          gboolean     value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_boolean_value (builder, value);
}

void
seg_cli_json_add_double (JsonBuilder *builder,
                         const char  *name,
                         double       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_double_value (builder, value);
}

/* Adds @value (transfer full), or null for %NULL. */
void
seg_cli_json_add_node (JsonBuilder *builder,
                       const char  *name,
                       JsonNode    *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

void
seg_cli_print_json (JsonNode *root)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  g_print ("%s\n", text);
}

/* Prints what @builder built. */
void
seg_cli_print_builder (JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);

  seg_cli_print_json (root);
}

/* A run's measure, NaN when it has none. */
double
seg_cli_metric (JsonObject *metrics,
                const char *name)
{
  JsonNode *node = json_object_get_member (metrics, name);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_double (node) : NAN;
}

char *
seg_cli_format_metric (double value)
{
  return isfinite (value) ? g_strdup_printf ("%.4g", value) : g_strdup ("–");
}
