/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <inttypes.h>

#include <gio/gunixoutputstream.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <unistd.h>

#include "seg-error.h"
#include "seg-explore.h"
#include "seg-export.h"
#include "seg-importer.h"
#include "seg-profile.h"
#include "seg-project-private.h"
#include "seg-rfm.h"
#include "seg-run.h"
#include "seg-run-points.h"
#include "seg-charts.h"
#include "seg-elbow-plot.h"
#include "seg-scatter.h"
#include "seg-sniff.h"

/* Exit statuses, as documented in --help. */
enum {
  EXIT_OK = 0,
  EXIT_BAD_INPUT = 1,
  EXIT_USAGE = 2,
};

typedef struct
{
  char     *project_path;
  gboolean  json;
  gboolean  quiet;
  gboolean  version;
} GlobalOptions;

static GlobalOptions global;

static GOptionEntry global_entries[] = {
  { "project", 'p', 0, G_OPTION_ARG_FILENAME, &global.project_path, N_("The project file (created if it does not exist)"), N_("PROJECT") },
  { "json", 0, 0, G_OPTION_ARG_NONE, &global.json, N_("Print machine-readable JSON"), NULL },
  { "quiet", 'q', 0, G_OPTION_ARG_NONE, &global.quiet, N_("Print no progress"), NULL },
  { NULL }
};

typedef int (*CommandFunc) (int argc, char **argv);

typedef struct
{
  const char  *name;
  const char  *args;
  const char  *summary;
  CommandFunc  func;
} Command;

static int
usage_error (GOptionContext *context,
             const char     *format,
             ...) G_GNUC_PRINTF (2, 3);

static int
usage_error (GOptionContext *context,
             const char     *format,
             ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_printerr ("segmenta-cli: %s\n", message);
  g_printerr (_("Try “segmenta-cli --help” for more information.\n"));

  return EXIT_USAGE;
}

static int
input_error (const GError *error)
{
  g_printerr ("segmenta-cli: %s\n", error->message);

  return EXIT_BAD_INPUT;
}

static void
print_json (JsonNode *root)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  g_print ("%s\n", text);
}

/* One member of the JSON object being built. */
static void
add_member_string (JsonBuilder *builder,
                   const char  *name,
                   const char  *value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

static void
add_member_int (JsonBuilder *builder,
                const char  *name,
                gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

static void
add_member_boolean (JsonBuilder *builder,
                    const char  *name,
                    gboolean     value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_boolean_value (builder, value);
}

static void
add_member_double (JsonBuilder *builder,
                   const char  *name,
                   double       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_double_value (builder, value);
}

/* Parses a command's options; GOptionContext prints --help itself. */
static gboolean
parse_options (GOptionContext  *context,
               GOptionEntry    *entries,
               int             *argc,
               char          ***argv,
               int             *status)
{
  g_autoptr(GError) error = NULL;

  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  /* The options of every command may also come after the command. */
  g_option_context_add_main_entries (context, global_entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      *status = usage_error (context, "%s", error->message);
      return FALSE;
    }

  return TRUE;
}

static SegProject *
open_project (GOptionContext *context,
              gboolean        create,
              int            *status)
{
  g_autoptr(GError) error = NULL;
  SegProject *project;

  if (global.project_path == NULL)
    {
      *status = usage_error (context, _("no project given: use -p PROJECT.segmenta"));
      return NULL;
    }

  project = seg_project_open (global.project_path, create, &error);
  if (project == NULL)
    *status = input_error (error);

  return project;
}

/* Terminal cells a string takes: CJK characters take two. */
static int
display_width (const char *text)
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

static void
print_padded (const char *text,
              int         width,
              gboolean    right)
{
  int pad = MAX (0, width - display_width (text));

  if (right)
    g_print ("%*s%s", pad, "", text);
  else
    g_print ("%s%*s", text, pad, "");
}

/* Prints rows of strings as aligned columns; row 0 is the heading. */
static void
print_table (GPtrArray *rows,
             gboolean  *right_aligned)
{
  g_autofree int *widths = NULL;
  guint n_columns;

  if (rows->len == 0)
    return;

  n_columns = g_strv_length (g_ptr_array_index (rows, 0));
  widths = g_new0 (int, n_columns);

  for (guint r = 0; r < rows->len; r++)
    {
      char **row = g_ptr_array_index (rows, r);

      for (guint c = 0; c < n_columns; c++)
        widths[c] = MAX (widths[c], MIN (display_width (row[c]), 40));
    }

  for (guint r = 0; r < rows->len; r++)
    {
      char **row = g_ptr_array_index (rows, r);

      for (guint c = 0; c < n_columns; c++)
        {
          g_autofree char *cell = NULL;

          if (display_width (row[c]) > 40)
            {
              const char *end = row[c];
              int w = 0;

              while (*end && w < 38)
                {
                  w += g_unichar_iswide (g_utf8_get_char (end)) ? 2 : 1;
                  end = g_utf8_next_char (end);
                }
              cell = g_strdup_printf ("%.*s…", (int)(end - row[c]), row[c]);
            }
          else
            cell = g_strdup (row[c]);

          /* Tabs and line ends inside a value would break the layout. */
          g_strdelimit (cell, "\t\r\n", ' ');
          if (c + 1 == n_columns && !(right_aligned != NULL && right_aligned[c] && r > 0))
            {
              g_print ("%s\n", cell);
              continue;
            }
          print_padded (cell, widths[c], right_aligned != NULL && right_aligned[c] && r > 0);
          g_print (c + 1 < n_columns ? "  " : "\n");
        }
    }
}

static const char *
delimiter_name (char delimiter)
{
  switch (delimiter)
    {
    case '\t': return "tab";
    case ' ': return "space";
    default: return seg_delimiter_to_string (delimiter);
    }
}

/* import */

static void
on_import_progress (SegImporter *importer,
                    GParamSpec  *pspec,
                    gpointer     user_data)
{
  double fraction = seg_importer_get_fraction (importer);
  g_autofree char *message = seg_importer_dup_message (importer);
  int filled = (int)(fraction * 30 + 0.5);
  char bar[31];

  memset (bar, '#', filled);
  memset (bar + filled, ' ', 30 - filled);
  bar[30] = '\0';
  g_printerr ("\r[%s] %3d%%  %-50.50s", bar, (int)(fraction * 100), message ? message : "");
}

typedef struct
{
  SegImporter      *importer;
  SegImportSummary *summary;
  GError           *error;
  int               done;
} ImportJob;

/* The import runs on a thread of its own while the main thread shows its
 * progress; joining it afterwards means every connection to the project is
 * closed before the program ends. */
static gpointer
import_thread (gpointer data)
{
  ImportJob *job = data;

  job->summary = seg_importer_run (job->importer, NULL, &job->error);
  g_atomic_int_set (&job->done, 1);
  g_main_context_wakeup (NULL);

  return NULL;
}

static JsonNode *
summary_to_json (SegImportSummary *summary)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  add_member_string (builder, "table", summary->table);
  add_member_int (builder, "rows", summary->rows);
  json_builder_set_member_name (builder, "columns");
  json_builder_begin_array (builder);
  for (guint i = 0; i < summary->columns->len; i++)
    {
      SegColumnInfo *column = g_ptr_array_index (summary->columns, i);

      json_builder_begin_object (builder);
      add_member_string (builder, "name", column->name);
      add_member_string (builder, "header", column->header);
      add_member_string (builder, "type", seg_column_type_to_string (column->type));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  add_member_string (builder, "encoding", summary->encoding);
  add_member_string (builder, "delimiter", seg_delimiter_to_string (summary->delimiter));
  add_member_boolean (builder, "header", summary->header);
  add_member_int (builder, "padded", summary->padded);
  add_member_int (builder, "rejected", summary->rejected);
  add_member_int (builder, "blank", summary->blank);
  json_builder_set_member_name (builder, "warnings");
  json_builder_begin_array (builder);
  for (guint i = 0; i < summary->warnings->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (summary->warnings, i));
  json_builder_end_array (builder);
  add_member_double (builder, "seconds", summary->seconds);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static int
command_import (int    argc,
                char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("FILE — import a CSV or tab-separated file as a table"));
  g_autoptr(SegProject) project = NULL;
  g_autoptr(SegImporter) importer = NULL;
  g_autofree char *table = NULL;
  g_autofree char *encoding = NULL;
  g_autofree char *delimiter = NULL;
  g_autofree char *header = NULL;
  g_autofree char *dates = NULL;
  g_auto(GStrv) types = NULL;
  gint64 max_field_mib = 16;
  gboolean replace = FALSE;
  ImportJob job = { 0 };
  GThread *thread;
  SegHeaderMode header_mode = SEG_HEADER_AUTO;
  SegDateOrder date_order = SEG_DATE_ORDER_AUTO;
  char delimiter_char = 0;
  int status = EXIT_OK;
  GOptionEntry entries[] = {
    { "table", 't', 0, G_OPTION_ARG_STRING, &table, N_("Name of the new table (default: the file name)"), N_("NAME") },
    { "encoding", 'e', 0, G_OPTION_ARG_STRING, &encoding, N_("Text encoding: auto, or a name such as UTF-8, GBK, UTF-16, WINDOWS-1252"), N_("auto|NAME") },
    { "delimiter", 'd', 0, G_OPTION_ARG_STRING, &delimiter, N_("Field delimiter: auto, a character, or tab"), N_("auto|CHAR|tab") },
    { "header", 0, 0, G_OPTION_ARG_STRING, &header, N_("Whether the first line names the columns"), N_("auto|yes|no") },
    { "dates", 0, 0, G_OPTION_ARG_STRING, &dates, N_("Order of day, month and year in dates such as 03/04/2024"), N_("auto|dmy|mdy|ymd") },
    { "type", 0, 0, G_OPTION_ARG_STRING_ARRAY, &types, N_("Store a column as a type, overriding detection (repeatable)"), N_("COLUMN=TYPE") },
    { "max-field-mib", 0, 0, G_OPTION_ARG_INT64, &max_field_mib, N_("Largest field accepted, in MiB (default 16)"), N_("N") },
    { "replace", 0, 0, G_OPTION_ARG_NONE, &replace, N_("Replace a table of the same name"), NULL },
    { NULL }
  };

  g_option_context_set_summary (context, _("Imports a delimited text file into the project as a new table. Encoding, delimiter, header and column types are detected from the whole file unless given."));
  if (!parse_options (context, entries, &argc, &argv, &status))
    return status;

  if (argc != 2)
    return usage_error (context, argc < 2 ? _("import: no FILE given") : _("import: only one FILE at a time"));

  if (delimiter != NULL && g_ascii_strcasecmp (delimiter, "auto") != 0 &&
      !seg_delimiter_from_string (delimiter, &delimiter_char))
    return usage_error (context, _("--delimiter: “%s” is not a delimiter (use auto, a single character, or tab)"), delimiter);

  if (header != NULL)
    {
      if (g_ascii_strcasecmp (header, "yes") == 0)
        header_mode = SEG_HEADER_YES;
      else if (g_ascii_strcasecmp (header, "no") == 0)
        header_mode = SEG_HEADER_NO;
      else if (g_ascii_strcasecmp (header, "auto") != 0)
        return usage_error (context, _("--header: “%s” is not one of auto, yes, no"), header);
    }

  if (dates != NULL && !seg_date_order_from_string (dates, &date_order))
    return usage_error (context, _("--dates: “%s” is not one of auto, dmy, mdy, ymd"), dates);

  if (max_field_mib < 1 || max_field_mib > 4096)
    return usage_error (context, _("--max-field-mib: must be between 1 and 4096"));

  project = open_project (context, TRUE, &status);
  if (project == NULL)
    return status;

  importer = seg_importer_new (project, argv[1]);
  if (table != NULL)
    seg_importer_set_table_name (importer, table);
  seg_importer_set_encoding (importer, encoding);
  seg_importer_set_delimiter (importer, delimiter_char);
  seg_importer_set_header (importer, header_mode);
  seg_importer_set_date_order (importer, date_order);
  seg_importer_set_replace (importer, replace);
  seg_importer_set_max_field_size (importer, (guint64)max_field_mib * 1024 * 1024);

  for (guint i = 0; types != NULL && types[i] != NULL; i++)
    {
      const char *eq = strchr (types[i], '=');
      g_autofree char *number = eq != NULL ? g_strndup (types[i], eq - types[i]) : NULL;
      SegColumnType type;
      guint64 index;

      if (eq == NULL || !seg_column_type_from_string (eq + 1, &type) ||
          !g_ascii_string_to_unsigned (number, 10, 1, 2000, &index, NULL))
        return usage_error (context, _("--type: “%s” is not COLUMN=TYPE with a column number from 1 and a type among text, integer, real, boolean, date, datetime"), types[i]);
      seg_importer_set_column_type (importer, index - 1, type);
    }

  if (!global.quiet && isatty (STDERR_FILENO))
    {
      g_signal_connect (importer, "notify::fraction", G_CALLBACK (on_import_progress), NULL);
      g_signal_connect (importer, "notify::message", G_CALLBACK (on_import_progress), NULL);
    }

  job.importer = importer;
  thread = g_thread_new ("import", import_thread, &job);
  while (!g_atomic_int_get (&job.done))
    g_main_context_iteration (NULL, TRUE);
  g_thread_join (thread);
  while (g_main_context_iteration (NULL, FALSE))
    ;

  if (!global.quiet && isatty (STDERR_FILENO))
    g_printerr ("\r%80s\r", "");

  if (job.summary == NULL)
    {
      status = input_error (job.error);
      g_clear_error (&job.error);
      return status;
    }

  if (global.json)
    {
      g_autoptr(JsonNode) root = summary_to_json (job.summary);

      print_json (root);
    }
  else if (!global.quiet)
    {
      g_print (g_dngettext (GETTEXT_PACKAGE,
                            "Imported %" PRId64 " row into “%s” from %s in %.2f s\n",
                            "Imported %" PRId64 " rows into “%s” from %s in %.2f s\n",
                            job.summary->rows),
               job.summary->rows, job.summary->table, job.summary->source_file,
               job.summary->seconds);
      g_print (_("Encoding %s, delimiter “%s”, %s\n"),
               job.summary->encoding, delimiter_name (job.summary->delimiter),
               job.summary->header ? _("first line is the header") : _("no header line"));
      for (guint i = 0; i < job.summary->columns->len; i++)
        {
          SegColumnInfo *column = g_ptr_array_index (job.summary->columns, i);

          g_print ("  ");
          print_padded (column->name, 24, FALSE);
          g_print (" %s\n", seg_column_type_to_string (column->type));
        }
      for (guint i = 0; i < job.summary->warnings->len; i++)
        g_print (_("Note: %s\n"), (const char *)g_ptr_array_index (job.summary->warnings, i));
      if (job.summary->rejected > 0)
        g_print (_("See them with: segmenta-cli -p %s rejects “%s”\n"),
                 global.project_path, job.summary->table);
    }

  seg_import_summary_free (job.summary);
  return EXIT_OK;
}

/* tables */

static int
command_tables (int    argc,
                char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— list the project’s tables"));
  g_autoptr(SegProject) project = NULL;
  g_autoptr(GPtrArray) tables = NULL;
  g_autoptr(GError) error = NULL;
  int status = EXIT_OK;

  if (!parse_options (context, NULL, &argc, &argv, &status))
    return status;
  if (argc != 1)
    return usage_error (context, _("tables: unexpected argument “%s”"), argv[1]);

  project = open_project (context, FALSE, &status);
  if (project == NULL)
    return status;

  tables = seg_project_list_tables (project, &error);
  if (tables == NULL)
    return input_error (error);

  if (global.json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_array (builder);
      for (guint i = 0; i < tables->len; i++)
        {
          SegTableInfo *info = g_ptr_array_index (tables, i);

          json_builder_begin_object (builder);
          add_member_string (builder, "name", info->name);
          add_member_int (builder, "rows", info->rows);
          add_member_int (builder, "columns", info->columns->len);
          add_member_string (builder, "source", info->source_file);
          add_member_string (builder, "imported_at", info->imported_at);
          add_member_int (builder, "rejected", info->rejected);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      root = json_builder_get_root (builder);
      print_json (root);
    }
  else
    {
      g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify)g_strfreev);
      gboolean right[] = { FALSE, TRUE, TRUE, TRUE, FALSE };

      g_ptr_array_add (rows, g_strsplit (_("NAME|ROWS|COLUMNS|REJECTED|SOURCE"), "|", -1));
      for (guint i = 0; i < tables->len; i++)
        {
          SegTableInfo *info = g_ptr_array_index (tables, i);
          char **row = g_new0 (char *, 6);

          row[0] = g_strdup (info->name);
          row[1] = g_strdup_printf ("%" PRId64, info->rows);
          row[2] = g_strdup_printf ("%u", info->columns->len);
          row[3] = g_strdup_printf ("%" PRId64, info->rejected);
          row[4] = g_strdup (info->source_file ? info->source_file : "");
          g_ptr_array_add (rows, row);
        }
      print_table (rows, right);
    }

  return EXIT_OK;
}

/* schema */

static int
command_schema (int    argc,
                char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("TABLE — show a table’s columns and where they came from"));
  g_autoptr(SegProject) project = NULL;
  g_autoptr(SegTableInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  int status = EXIT_OK;

  if (!parse_options (context, NULL, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return usage_error (context, _("schema: give one TABLE"));

  project = open_project (context, FALSE, &status);
  if (project == NULL)
    return status;

  info = seg_project_get_table (project, argv[1], &error);
  if (info == NULL)
    return input_error (error);

  if (global.json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      add_member_string (builder, "table", info->name);
      add_member_int (builder, "rows", info->rows);
      add_member_string (builder, "source", info->source_file);
      add_member_string (builder, "encoding", info->encoding);
      add_member_string (builder, "delimiter", info->delimiter);
      add_member_string (builder, "imported_at", info->imported_at);
      add_member_int (builder, "padded", info->padded);
      add_member_int (builder, "rejected", info->rejected);
      json_builder_set_member_name (builder, "columns");
      json_builder_begin_array (builder);
      for (guint i = 0; i < info->columns->len; i++)
        {
          SegColumnInfo *column = g_ptr_array_index (info->columns, i);

          json_builder_begin_object (builder);
          add_member_string (builder, "name", column->name);
          add_member_string (builder, "header", column->header);
          add_member_string (builder, "type", seg_column_type_to_string (column->type));
          add_member_string (builder, "inferred_type", seg_column_type_to_string (column->inferred_type));
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      print_json (root);
    }
  else
    {
      g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify)g_strfreev);
      gboolean right[] = { TRUE, FALSE, FALSE, FALSE };

      g_print (_("Table “%s”: %" PRId64 " rows from %s (%s, delimiter “%s”), imported %s\n"),
               info->name, info->rows,
               info->source_file ? info->source_file : "?",
               info->encoding ? info->encoding : "?",
               info->delimiter ? delimiter_name (info->delimiter[0]) : "?",
               info->imported_at ? info->imported_at : "?");
      g_ptr_array_add (rows, g_strsplit (_("#|NAME|TYPE|HEADER"), "|", -1));
      for (guint i = 0; i < info->columns->len; i++)
        {
          SegColumnInfo *column = g_ptr_array_index (info->columns, i);
          char **row = g_new0 (char *, 5);

          row[0] = g_strdup_printf ("%u", i + 1);
          row[1] = g_strdup (column->name);
          row[2] = g_strdup (seg_column_type_to_string (column->type));
          row[3] = g_strdup (column->header);
          g_ptr_array_add (rows, row);
        }
      print_table (rows, right);
    }

  return EXIT_OK;
}

/* head */

static void
add_json_value (JsonBuilder  *builder,
                sqlite3_stmt *stmt,
                int           column,
                gboolean      is_boolean)
{
  switch (sqlite3_column_type (stmt, column))
    {
    case SQLITE_INTEGER:
      if (is_boolean)
        json_builder_add_boolean_value (builder, sqlite3_column_int64 (stmt, column) != 0);
      else
        json_builder_add_int_value (builder, sqlite3_column_int64 (stmt, column));
      break;
    case SQLITE_FLOAT:
      json_builder_add_double_value (builder, sqlite3_column_double (stmt, column));
      break;
    case SQLITE_TEXT:
      json_builder_add_string_value (builder, (const char *)sqlite3_column_text (stmt, column));
      break;
    default:
      json_builder_add_null_value (builder);
    }
}

static char *
value_to_text (sqlite3_stmt *stmt,
               int           column,
               gboolean      is_boolean)
{
  char number[32];

  switch (sqlite3_column_type (stmt, column))
    {
    case SQLITE_INTEGER:
      if (is_boolean)
        return g_strdup (sqlite3_column_int64 (stmt, column) ? "true" : "false");
      return g_strdup_printf ("%" PRId64, (gint64)sqlite3_column_int64 (stmt, column));
    case SQLITE_FLOAT:
      seg_format_double (sqlite3_column_double (stmt, column), number);
      return g_strdup (number);
    case SQLITE_TEXT:
      return g_strdup ((const char *)sqlite3_column_text (stmt, column));
    default:
      return g_strdup ("NULL");
    }
}

static int
command_head (int    argc,
              char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("TABLE — show the first rows of a table"));
  g_autoptr(SegProject) project = NULL;
  g_autoptr(SegTableInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *quoted = NULL;
  g_autofree char *sql = NULL;
  g_autofree gboolean *is_boolean = NULL;
  sqlite3_stmt *stmt = NULL;
  int n = 10;
  int status = EXIT_OK;
  int n_columns;
  int rc;
  GOptionEntry entries[] = {
    { "lines", 'n', 0, G_OPTION_ARG_INT, &n, N_("How many rows (default 10)"), N_("N") },
    { NULL }
  };

  if (!parse_options (context, entries, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return usage_error (context, _("head: give one TABLE"));
  if (n < 0)
    return usage_error (context, _("-n: must not be negative"));

  project = open_project (context, FALSE, &status);
  if (project == NULL)
    return status;

  info = seg_project_get_table (project, argv[1], &error);
  if (info == NULL)
    return input_error (error);

  quoted = seg_quote_identifier (info->name);
  sql = g_strdup_printf ("SELECT * FROM %s ORDER BY rowid LIMIT ?", quoted);
  if (!seg_project_prepare (project, sql, &stmt, &error))
    return input_error (error);
  sqlite3_bind_int (stmt, 1, n);

  n_columns = sqlite3_column_count (stmt);
  is_boolean = g_new0 (gboolean, n_columns);
  for (int i = 0; i < n_columns && i < (int)info->columns->len; i++)
    is_boolean[i] = ((SegColumnInfo *)g_ptr_array_index (info->columns, i))->type == SEG_COLUMN_BOOLEAN;

  if (global.json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      add_member_string (builder, "table", info->name);
      json_builder_set_member_name (builder, "columns");
      json_builder_begin_array (builder);
      for (int i = 0; i < n_columns; i++)
        json_builder_add_string_value (builder, sqlite3_column_name (stmt, i));
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "rows");
      json_builder_begin_array (builder);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          json_builder_begin_array (builder);
          for (int i = 0; i < n_columns; i++)
            add_json_value (builder, stmt, i, is_boolean[i]);
          json_builder_end_array (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      print_json (root);
    }
  else
    {
      g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify)g_strfreev);
      g_autofree gboolean *right = g_new0 (gboolean, n_columns);
      char **heading = g_new0 (char *, n_columns + 1);

      for (int i = 0; i < n_columns; i++)
        {
          heading[i] = g_strdup (sqlite3_column_name (stmt, i));
          if (i < (int)info->columns->len)
            {
              SegColumnType type = ((SegColumnInfo *)g_ptr_array_index (info->columns, i))->type;

              right[i] = type == SEG_COLUMN_INTEGER || type == SEG_COLUMN_REAL;
            }
        }
      g_ptr_array_add (rows, heading);

      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          char **row = g_new0 (char *, n_columns + 1);

          for (int i = 0; i < n_columns; i++)
            row[i] = value_to_text (stmt, i, is_boolean[i]);
          g_ptr_array_add (rows, row);
        }
      print_table (rows, right);
    }
  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE)
    {
      seg_project_set_sqlite_error (project, rc, &error);
      return input_error (error);
    }

  return EXIT_OK;
}

/* rejects */

static int
command_rejects (int    argc,
                 char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("TABLE — show the rows an import could not store, with the reason"));
  g_autoptr(SegProject) project = NULL;
  g_autoptr(SegTableInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify)g_strfreev);
  g_autoptr(GPtrArray) rejects = NULL;
  int status = EXIT_OK;

  if (!parse_options (context, NULL, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return usage_error (context, _("rejects: give one TABLE"));

  project = open_project (context, FALSE, &status);
  if (project == NULL)
    return status;

  info = seg_project_get_table (project, argv[1], &error);
  if (info == NULL)
    return input_error (error);

  rejects = seg_project_list_rejects (project, info->name, &error);
  if (rejects == NULL)
    return input_error (error);

  json_builder_begin_array (builder);
  g_ptr_array_add (rows, g_strsplit (_("LINE|COLUMN|REASON|RAW"), "|", -1));
  for (guint i = 0; i < rejects->len; i++)
    {
      SegReject *reject = g_ptr_array_index (rejects, i);

      if (global.json)
        {
          json_builder_begin_object (builder);
          add_member_int (builder, "line", reject->line);
          json_builder_set_member_name (builder, "column");
          if (reject->column > 0)
            json_builder_add_int_value (builder, reject->column);
          else
            json_builder_add_null_value (builder);
          add_member_string (builder, "reason", reject->reason);
          add_member_string (builder, "raw", reject->raw);
          json_builder_end_object (builder);
        }
      else
        {
          char **row = g_new0 (char *, 5);

          row[0] = g_strdup_printf ("%" PRId64, reject->line);
          row[1] = reject->column > 0 ? g_strdup_printf ("%d", reject->column) : g_strdup ("");
          row[2] = g_strdup (reject->reason);
          row[3] = g_strdup (reject->raw);
          g_ptr_array_add (rows, row);
        }
    }
  json_builder_end_array (builder);

  if (global.json)
    {
      g_autoptr(JsonNode) root = json_builder_get_root (builder);

      print_json (root);
    }
  else if (rows->len == 1)
    g_print (_("No rejected rows in “%s”.\n"), info->name);
  else
    {
      gboolean right[] = { TRUE, TRUE, FALSE, FALSE };

      print_table (rows, right);
    }

  return EXIT_OK;
}

/* export */

/* A flag per row of a run's result table, set for the rows of one
 * cluster, in the order the rows were stored. */
static gboolean
cluster_rows (SegProject  *project,
              const char  *table,
              int          cluster,
              guint8     **keep,
              gsize       *n_keep,
              GError     **error)
{
  g_autoptr(SegTableInfo) info = seg_project_get_table (project, table, error);
  g_autoptr(GByteArray) flags = g_byte_array_new ();
  g_autofree char *table_q = NULL;
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt = NULL;
  gboolean found = FALSE;
  int rc;

  if (info == NULL)
    return FALSE;
  for (guint c = 0; c < info->columns->len; c++)
    found |= g_str_equal (((SegColumnInfo *) g_ptr_array_index (info->columns, c))->name, "cluster");
  if (!found)
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                   _("--cluster: the table “%s” has no cluster column; give a run’s result table such as run_1"), table);
      return FALSE;
    }

  table_q = seg_quote_identifier (info->name);
  sql = g_strdup_printf ("SELECT cluster FROM %s ORDER BY rowid", table_q);
  if (!seg_project_prepare (project, sql, &stmt, error))
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      guint8 flag = sqlite3_column_type (stmt, 0) != SQLITE_NULL && sqlite3_column_int (stmt, 0) == cluster;

      g_byte_array_append (flags, &flag, 1);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return seg_project_set_sqlite_error (project, rc, error);

  *n_keep = flags->len;
  *keep = g_byte_array_free (g_steal_pointer (&flags), FALSE);
  return TRUE;
}

static int
command_export (int    argc,
                char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("TABLE — write a table as CSV"));
  g_autoptr(SegProject) project = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GOutputStream) out = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *output = NULL;
  gboolean bom = FALSE;
  gboolean raw = FALSE;
  int cluster = 0;
  g_autofree guint8 *keep = NULL;
  gsize n_keep = 0;
  SegExportFlags flags = SEG_EXPORT_NONE;
  int status = EXIT_OK;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("The CSV file to write, or - for standard output"), N_("FILE") },
    { "bom", 0, 0, G_OPTION_ARG_NONE, &bom, N_("Start with a byte order mark, so that Excel reads UTF-8"), NULL },
    { "raw", 0, 0, G_OPTION_ARG_NONE, &raw, N_("Write text exactly, without guarding cells that spreadsheets would run as formulas"), NULL },
    { "cluster", 0, 0, G_OPTION_ARG_INT, &cluster, N_("Only the rows of this cluster of a run’s result table: a target list"), N_("N") },
    { NULL }
  };

  g_option_context_set_summary (context, _("Writes UTF-8 CSV (RFC 4180): ISO 8601 dates, '.' as decimal mark, numbers in their shortest exact form. Text cells that begin with = + - @ tab or carriage return get a leading ' unless --raw."));
  if (!parse_options (context, entries, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return usage_error (context, _("export: give one TABLE"));
  if (output == NULL)
    return usage_error (context, _("export: no output given: use -o FILE or -o -"));
  if (cluster < 0)
    return usage_error (context, _("--cluster: give a cluster number from 1"));

  project = open_project (context, FALSE, &status);
  if (project == NULL)
    return status;

  if (!seg_project_has_table (project, argv[1]))
    {
      g_set_error (&error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_NO_SUCH_TABLE,
                   _("The project has no table “%s”"), argv[1]);
      return input_error (error);
    }

  if (cluster > 0 && !cluster_rows (project, argv[1], cluster, &keep, &n_keep, &error))
    return input_error (error);

  if (bom)
    flags |= SEG_EXPORT_BOM;
  if (raw)
    flags |= SEG_EXPORT_RAW;

  if (g_strcmp0 (output, "-") == 0)
    out = g_unix_output_stream_new (STDOUT_FILENO, FALSE);
  else
    {
      /* g_file_replace() writes a temporary file and renames it over the
       * target only when everything was written. */
      file = g_file_new_for_commandline_arg (output);
      out = G_OUTPUT_STREAM (g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, &error));
      if (out == NULL)
        return input_error (error);
    }

  if (!seg_project_export_csv_rows (project, argv[1], keep, n_keep, NULL, out, flags, NULL, &error))
    {
      if (file != NULL)
        {
          g_autoptr(GCancellable) abort = g_cancellable_new ();

          /* Closing with a cancelled cancellable leaves the old file. */
          g_cancellable_cancel (abort);
          g_output_stream_close (out, abort, NULL);
        }
      return input_error (error);
    }

  if (!g_output_stream_close (out, NULL, &error))
    return input_error (error);

  return EXIT_OK;
}

/* rfm */

static int
command_rfm (int    argc,
             char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— recency, frequency and monetary value of every customer"));
  g_autoptr(SegProject) project = NULL;
  g_autoptr(SegRfmSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *orders = NULL;
  g_autofree char *customer = NULL;
  g_autofree char *date = NULL;
  g_autofree char *amount = NULL;
  g_autofree char *quantity = NULL;
  g_autofree char *price = NULL;
  g_autofree char *invoice = NULL;
  g_autofree char *as_of = NULL;
  g_autofree char *returns = NULL;
  g_autofree char *output = NULL;
  gboolean replace = FALSE;
  SegRfmOptions options = { 0 };
  int status = EXIT_OK;
  GOptionEntry entries[] = {
    { "orders", 0, 0, G_OPTION_ARG_STRING, &orders, N_("The table of order lines"), N_("TABLE") },
    { "customer", 0, 0, G_OPTION_ARG_STRING, &customer, N_("Its customer column"), N_("COLUMN") },
    { "date", 0, 0, G_OPTION_ARG_STRING, &date, N_("Its date column"), N_("COLUMN") },
    { "amount", 0, 0, G_OPTION_ARG_STRING, &amount, N_("The value of a line"), N_("COLUMN") },
    { "quantity", 0, 0, G_OPTION_ARG_STRING, &quantity, N_("The quantity, with --price"), N_("COLUMN") },
    { "price", 0, 0, G_OPTION_ARG_STRING, &price, N_("The unit price, with --quantity"), N_("COLUMN") },
    { "invoice", 0, 0, G_OPTION_ARG_STRING, &invoice, N_("The order number (default: one order per customer and day)"), N_("COLUMN") },
    { "as-of", 0, 0, G_OPTION_ARG_STRING, &as_of, N_("The day recency counts from (default: the day after the last order)"), N_("DATE") },
    { "returns", 0, 0, G_OPTION_ARG_STRING, &returns, N_("Lines with a negative value: left out, or subtracted from spend"), N_("exclude|net") },
    { "output-table", 'o', 0, G_OPTION_ARG_STRING, &output, N_("The customer table to write (default rfm)"), N_("NAME") },
    { "replace", 0, 0, G_OPTION_ARG_NONE, &replace, N_("Replace a table of that name"), NULL },
    { NULL }
  };

  g_option_context_set_summary (context, _("Writes one row per customer: recency in days, frequency (distinct orders), monetary value, first and last purchase, tenure, average order value, R/F/M scores 1–5 by quintile and the RFM segment (Champions, Loyal, Potential loyalist, New, Promising, Need attention, About to sleep, At risk, Can’t lose them, Hibernating, Lost)."));
  if (!parse_options (context, entries, &argc, &argv, &status))
    return status;
  if (argc != 1)
    return usage_error (context, _("rfm: unexpected argument “%s”"), argv[1]);
  if (orders == NULL || customer == NULL || date == NULL)
    return usage_error (context, _("rfm: --orders, --customer and --date are needed"));
  if (amount == NULL && (quantity == NULL || price == NULL))
    return usage_error (context, _("rfm: give --amount, or --quantity and --price"));
  if (returns != NULL && g_strcmp0 (returns, "exclude") != 0 && g_strcmp0 (returns, "net") != 0)
    return usage_error (context, _("--returns: “%s” is not one of exclude, net"), returns);

  project = open_project (context, FALSE, &status);
  if (project == NULL)
    return status;

  options.orders = orders;
  options.customer = customer;
  options.date = date;
  options.amount = amount;
  options.quantity = quantity;
  options.price = price;
  options.invoice = invoice;
  options.as_of = as_of;
  options.net_returns = g_strcmp0 (returns, "net") == 0;
  options.output = output;
  options.replace = replace;

  summary = seg_project_rfm (project, &options, &error);
  if (summary == NULL)
    return input_error (error);

  if (global.json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      add_member_string (builder, "table", summary->table);
      add_member_int (builder, "customers", summary->customers);
      add_member_string (builder, "as_of", summary->as_of);
      json_builder_set_member_name (builder, "segments");
      json_builder_begin_object (builder);
      for (guint i = 0; i < summary->segments->len; i++)
        {
          json_builder_set_member_name (builder, g_ptr_array_index (summary->segments, i));
          json_builder_add_int_value (builder, g_array_index (summary->counts, gint64, i));
        }
      json_builder_end_object (builder);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      print_json (root);
    }
  else if (!global.quiet)
    {
      g_print (_("%" PRId64 " customers as of %s in table “%s”\n"),
               summary->customers, summary->as_of, summary->table);
      for (guint i = 0; i < summary->segments->len; i++)
        {
          g_print ("  ");
          print_padded (g_ptr_array_index (summary->segments, i), 20, FALSE);
          g_print (" %6" PRId64 "\n", g_array_index (summary->counts, gint64, i));
        }
    }

  return EXIT_OK;
}

/* Analyses ---------------------------------------------------------------- */

/* The options every analysis shares: which data, prepared how. */
typedef struct
{
  char  *table;
  char  *columns;
  char  *scale;
  char  *log;
  char  *impute;
  GStrv  column_list;
  GStrv  log_list;
  SegPrepOptions prep;
} DataOptions;

static void
data_options_clear (DataOptions *data)
{
  g_free (data->table);
  g_free (data->columns);
  g_free (data->scale);
  g_free (data->log);
  g_free (data->impute);
  g_strfreev (data->column_list);
  g_strfreev (data->log_list);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DataOptions, data_options_clear)

#define DATA_ENTRIES(data) \
  { "table", 't', 0, G_OPTION_ARG_STRING, &(data).table, N_("The table whose rows are analysed, such as the RFM table"), N_("TABLE") }, \
  { "columns", 'c', 0, G_OPTION_ARG_STRING, &(data).columns, N_("The columns to use, separated by commas; text columns are one-hot encoded"), N_("A,B,C") }, \
  { "scale", 0, 0, G_OPTION_ARG_STRING, &(data).scale, N_("How to bring the columns to comparable ranges (default standard)"), N_("standard|robust|minmax|none") }, \
  { "log", 0, 0, G_OPTION_ARG_STRING, &(data).log, N_("Skewed columns to compare by log (1 + x), separated by commas"), N_("A,B") }, \
  { "impute", 0, 0, G_OPTION_ARG_STRING, &(data).impute, N_("Missing numbers: fill with the column’s mean or median, or leave the row out (default median)"), N_("mean|median|drop") }

/* Splits "a, b,c" into names, dropping empty ones. */
static GStrv
split_list (const char *text)
{
  g_auto(GStrv) parts = g_strsplit (text != NULL ? text : "", ",", -1);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_strstrip (parts[i]);
      if (parts[i][0] != '\0')
        g_strv_builder_add (builder, parts[i]);
    }

  return g_strv_builder_end (builder);
}

static gboolean
check_data_options (GOptionContext *context,
                    const char     *command,
                    DataOptions    *data,
                    int            *status)
{
  int value;

  if (data->table == NULL || data->columns == NULL)
    {
      *status = usage_error (context, _("%s: --table and --columns are needed"), command);
      return FALSE;
    }
  data->column_list = split_list (data->columns);
  if (data->column_list[0] == NULL)
    {
      *status = usage_error (context, _("--columns: name at least one column"));
      return FALSE;
    }
  data->log_list = split_list (data->log);
  data->prep.log_columns = (const char *const *) data->log_list;

  data->prep.scale = SEG_SCALE_STANDARD;
  if (data->scale != NULL)
    {
      if (!seg_enum_from_nick (SEG_TYPE_SCALE, data->scale, &value))
        {
          *status = usage_error (context, _("--scale: “%s” is not one of standard, robust, minmax, none"), data->scale);
          return FALSE;
        }
      data->prep.scale = value;
    }

  data->prep.impute = SEG_IMPUTE_MEDIAN;
  if (data->impute != NULL)
    {
      if (!seg_enum_from_nick (SEG_TYPE_IMPUTE, data->impute, &value))
        {
          *status = usage_error (context, _("--impute: “%s” is not one of mean, median, drop"), data->impute);
          return FALSE;
        }
      data->prep.impute = value;
    }

  return TRUE;
}

/* An analysis's error: a bad option is a usage error, the rest bad input. */
static int
analysis_error (GOptionContext *context,
                const GError   *error)
{
  if (g_error_matches (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION) &&
      g_str_has_prefix (error->message, "--") && strstr (error->message, "does not apply") != NULL)
    return usage_error (context, "%s", error->message);

  return input_error (error);
}

static double
metric (JsonObject *metrics,
        const char *name)
{
  JsonNode *node = json_object_get_member (metrics, name);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_double (node) : NAN;
}

static char *
format_metric (double value)
{
  return isfinite (value) ? g_strdup_printf ("%.4g", value) : g_strdup ("–");
}

/* The model parameters, gathered before the algorithm is known. */
static gboolean
on_model_param (const char  *option_name,
                const char  *value,
                gpointer     data,
                GError     **error)
{
  GPtrArray *params = data;
  const char *name = option_name;

  while (*name == '-')
    name++;
  g_ptr_array_add (params, g_strdup (name));
  g_ptr_array_add (params, g_strdup (value));

  return TRUE;
}

/* One option per parameter of any algorithm, from the GParamSpecs. */
static GArray *
model_param_entries (void)
{
  GArray *entries = g_array_new (TRUE, TRUE, sizeof (GOptionEntry));
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree GType *types = NULL;
  guint n_types;

  types = seg_model_list_types (SEG_MODEL_KIND_SEGMENTATION, &n_types);
  for (guint t = 0; t < n_types; t++)
    {
      g_autoptr(SegModel) model = g_object_new (types[t], NULL);
      g_autoptr(GPtrArray) pspecs = seg_model_list_params (model);

      for (guint i = 0; i < pspecs->len; i++)
        {
          GParamSpec *pspec = g_ptr_array_index (pspecs, i);
          GOptionEntry entry = { 0 };

          /* The preparation has options of its own, below. */
          if (pspec->owner_type == SEG_TYPE_CLUSTER_MODEL || !g_hash_table_add (seen, (gpointer) pspec->name))
            continue;
          entry.long_name = pspec->name;
          entry.arg = G_OPTION_ARG_CALLBACK;
          entry.arg_data = (gpointer) on_model_param;
          entry.description = g_param_spec_get_blurb (pspec);
          entry.arg_description = "VALUE";
          g_array_append_val (entries, entry);
        }
      /* Classes stay alive: the entries point into their specs. */
    }

  return entries;
}

static void
on_run_progress (SegRun     *run,
                 GParamSpec *pspec,
                 gpointer    user_data)
{
  double fraction = seg_run_get_progress (run);
  const char *status = seg_run_get_status_text (run);
  int filled = (int) (fraction * 30 + 0.5);
  char bar[31];

  memset (bar, '#', filled);
  memset (bar + filled, ' ', 30 - filled);
  bar[30] = '\0';
  g_printerr ("\r[%s] %3d%%  %-40.40s", bar, (int) (fraction * 100), status ? status : "");
}

/* Runs a clustering and prints what it found, as the cluster command
 * does, for any run set up. */
static int
execute_and_report (GOptionContext *context,
                    SegRun         *run)
{
  g_autoptr(GError) error = NULL;
  const SegRunRecord *record;
  JsonObject *metrics;
  gboolean progress;

  progress = !global.quiet && !global.json && isatty (STDERR_FILENO);
  if (progress)
    g_signal_connect (run, "notify::progress", G_CALLBACK (on_run_progress), NULL);
  if (!seg_run_execute (run, NULL, &error))
    {
      if (progress)
        g_printerr ("\r%80s\r", "");
      return analysis_error (context, error);
    }
  if (progress)
    g_printerr ("\r%80s\r", "");

  record = seg_run_get_record (run);
  metrics = json_node_get_object (record->metrics);

  if (global.json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;
      JsonArray *sizes = json_object_get_array_member (metrics, "sizes");

      json_builder_begin_object (builder);
      add_member_int (builder, "run", record->id);
      add_member_string (builder, "algorithm", record->algorithm);
      add_member_int (builder, "k", json_object_get_int_member (metrics, "k"));
      json_builder_set_member_name (builder, "sizes");
      json_builder_add_value (builder, json_node_init_array (json_node_alloc (), sizes));
      seg_json_add_double_or_null (builder, "inertia", metric (metrics, "inertia"));
      seg_json_add_double_or_null (builder, "silhouette", metric (metrics, "silhouette"));
      json_builder_set_member_name (builder, "silhouette_sample");
      json_builder_add_value (builder, json_object_dup_member (metrics, "silhouette_sample"));
      seg_json_add_double_or_null (builder, "calinski_harabasz", metric (metrics, "calinski_harabasz"));
      seg_json_add_double_or_null (builder, "davies_bouldin", metric (metrics, "davies_bouldin"));
      json_builder_set_member_name (builder, "iterations");
      json_builder_add_value (builder, json_object_dup_member (metrics, "iterations"));
      if (json_object_has_member (metrics, "noise"))
        add_member_int (builder, "noise", json_object_get_int_member (metrics, "noise"));
      add_member_int (builder, "rows", json_object_get_int_member (metrics, "rows"));
      add_member_int (builder, "dropped", json_object_get_int_member (metrics, "dropped"));
      add_member_double (builder, "seconds", record->seconds);
      add_member_string (builder, "output_table", record->result_tables[0]);
      json_builder_set_member_name (builder, "tables");
      json_builder_begin_array (builder);
      for (guint i = 0; record->result_tables[i] != NULL; i++)
        json_builder_add_string_value (builder, record->result_tables[i]);
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "parameters");
      json_builder_add_value (builder, json_node_copy (record->parameters));
      json_builder_set_member_name (builder, "preprocessing");
      json_builder_add_value (builder, json_node_copy (record->preprocessing));
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      print_json (root);
    }
  else if (!global.quiet)
    {
      JsonArray *sizes = json_object_get_array_member (metrics, "sizes");
      gint64 rows = json_object_get_int_member (metrics, "rows");
      g_autoptr(GPtrArray) table = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
      gboolean right[] = { TRUE, TRUE, TRUE };
      g_autofree char *silhouette = format_metric (metric (metrics, "silhouette"));
      g_autofree char *ch = format_metric (metric (metrics, "calinski_harabasz"));
      g_autofree char *db = format_metric (metric (metrics, "davies_bouldin"));
      g_autofree char *inertia = format_metric (metric (metrics, "inertia"));

      g_print (g_dngettext (GETTEXT_PACKAGE,
                            "Run %" PRId64 ": %s found %u cluster among %" PRId64 " rows of “%s” in %.2f s\n\n",
                            "Run %" PRId64 ": %s found %u clusters among %" PRId64 " rows of “%s” in %.2f s\n\n",
                            json_array_get_length (sizes)),
               record->id, record->algorithm, json_array_get_length (sizes), rows,
               record->input_table, record->seconds);
      g_ptr_array_add (table, g_strsplit (_("cluster|rows|share"), "|", 3));
      for (guint c = 0; c < json_array_get_length (sizes); c++)
        {
          gint64 size = json_array_get_int_element (sizes, c);
          char **row = g_new0 (char *, 4);

          row[0] = g_strdup_printf ("%u", c + 1);
          row[1] = g_strdup_printf ("%" PRId64, size);
          row[2] = g_strdup_printf ("%.1f%%", rows > 0 ? 100.0 * size / rows : 0.0);
          g_ptr_array_add (table, row);
        }
      if (json_object_has_member (metrics, "noise"))
        {
          gint64 noise = json_object_get_int_member (metrics, "noise");
          char **row = g_new0 (char *, 4);

          row[0] = g_strdup (_("noise"));
          row[1] = g_strdup_printf ("%" PRId64, noise);
          row[2] = g_strdup_printf ("%.1f%%", rows > 0 ? 100.0 * noise / rows : 0.0);
          g_ptr_array_add (table, row);
        }
      print_table (table, right);
      g_print (_("\nSilhouette %s · Calinski–Harabasz %s · Davies–Bouldin %s · inertia %s\n"),
               silhouette, ch, db, inertia);
      if (json_object_has_member (metrics, "silhouette_sample") &&
          !json_object_get_null_member (metrics, "silhouette_sample"))
        g_print (_("(silhouette measured on a sample of %" PRId64 " rows)\n"),
                 json_object_get_int_member (metrics, "silhouette_sample"));
      g_print (_("Results are in the table “%s”; describe the clusters with: segmenta-cli -p %s profile %" PRId64 "\n"),
               record->result_tables[0], global.project_path, record->id);
    }

  return EXIT_OK;
}

static int
command_cluster (int    argc,
                 char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— find segments among the rows of a table"));
  g_autoptr(GPtrArray) params = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) param_entries = model_param_entries ();
  g_autoptr(SegProject) project = NULL;
  g_autoptr(SegModel) model = NULL;
  g_autoptr(SegRun) run = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(DataOptions) data = { 0 };
  g_autofree char *algorithm = NULL;
  g_autofree char *key = NULL;
  g_autofree char *output = NULL;
  gboolean replace = FALSE;
  int silhouette_sample = SEG_SILHOUETTE_SAMPLE;
  GOptionGroup *group;
  int status = EXIT_OK;
  GOptionEntry entries[] = {
    DATA_ENTRIES (data),
    { "algorithm", 'a', 0, G_OPTION_ARG_STRING, &algorithm, N_("The algorithm (default kmeans)"), N_("kmeans|minibatch-kmeans|dbscan|hierarchical") },
    { "key", 0, 0, G_OPTION_ARG_STRING, &key, N_("The column naming each row in the result (default: the first one not clustered on)"), N_("COLUMN") },
    { "output-table", 'o', 0, G_OPTION_ARG_STRING, &output, N_("The result table (default run_N)"), N_("NAME") },
    { "replace", 0, 0, G_OPTION_ARG_NONE, &replace, N_("Replace a table of that name"), NULL },
    { "silhouette-sample", 0, 0, G_OPTION_ARG_INT, &silhouette_sample, N_("Measure the silhouette on a sample of this many rows when there are more (default 20000; 0 for all)"), N_("N") },
    { NULL }
  };

  group = g_option_group_new (NULL, NULL, NULL, params, NULL);
  g_option_group_add_entries (group, (GOptionEntry *) param_entries->data);
  g_option_context_set_main_group (context, group);
  g_option_context_set_summary (context, _("Clusters the rows of a table on the chosen columns and writes a result table with each row’s cluster (from 1; empty for noise), its place on a 2-D map (pc1, pc2) and its silhouette. The run is kept in the project’s history. Algorithm parameters: --k, --n-init, --max-iter, --tol and --seed (kmeans); --k, --batch-size, --max-epochs, --n-init and --seed (minibatch-kmeans); --eps and --min-points (dbscan); --k, --height and --linkage ward|average|complete|single (hierarchical)."));
  if (!parse_options (context, entries, &argc, &argv, &status))
    return status;
  if (argc != 1)
    return usage_error (context, _("cluster: unexpected argument “%s”"), argv[1]);
  if (!check_data_options (context, "cluster", &data, &status))
    return status;
  if (silhouette_sample < 0)
    return usage_error (context, _("--silhouette-sample: give 0 or more"));

  model = seg_model_new_for_id (algorithm != NULL ? algorithm : "kmeans", &error);
  if (model == NULL)
    return usage_error (context, "%s", error->message);
  for (guint i = 0; i + 1 < params->len; i += 2)
    if (!seg_model_set_param (model, g_ptr_array_index (params, i), g_ptr_array_index (params, i + 1), &error))
      return usage_error (context, "%s", error->message);

  project = open_project (context, FALSE, &status);
  if (project == NULL)
    return status;

  seg_cluster_model_set_prep (SEG_CLUSTER_MODEL (model), &data.prep);
  g_object_set (model, "key", key, "silhouette-sample", silhouette_sample, NULL);
  run = seg_run_new (project, model, data.table, (const char *const *) data.column_list);
  g_object_set (run, "output-table", output, "replace", replace, NULL);

  return execute_and_report (context, run);
}

/* Charts ------------------------------------------------------------------ */

typedef struct
{
  SegScatter         scatter;
  SegSilhouettePlot  silhouette;
} Chart;

static void
draw_map (cairo_t  *cr,
          double    width,
          double    height,
          gpointer  data)
{
  seg_scatter_draw (cr, &((Chart *) data)->scatter, width, height, NULL);
}

static void
draw_silhouette (cairo_t  *cr,
                 double    width,
                 double    height,
                 gpointer  data)
{
  seg_silhouette_plot_draw (cr, &((Chart *) data)->silhouette, width, height);
}

/* The elbow chart: inertia on the left, silhouette on the right. */
typedef struct
{
  const SegKSuggestion *suggestion;
  const char           *title;
} Elbow;

static void
draw_elbow (cairo_t  *cr,
            double    width,
            double    height,
            gpointer  data)
{
  const Elbow *elbow = data;

  seg_elbow_plot_draw (cr, elbow->suggestion, elbow->title, width, height);
}

static gboolean
plot_suggestion (const SegKSuggestion  *suggestion,
                 const char            *table,
                 const char            *path,
                 GError               **error)
{
  g_autofree char *title = g_strdup_printf (_("Clusters of “%s”: recommended k = %d"), table, suggestion->recommended);
  Elbow elbow = { suggestion, title };

  return seg_plot_export (path, 900, 540, draw_elbow, &elbow, error);
}

static int
command_suggest_k (int    argc,
                   char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— compare numbers of clusters"));
  g_autoptr(SegProject) project = NULL;
  g_autoptr(SegDataset) dataset = NULL;
  g_autoptr(SegKSuggestion) suggestion = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(DataOptions) data = { 0 };
  int k_min = 2, k_max = 10, n_init = 10, silhouette_sample = SEG_SILHOUETTE_SAMPLE;
  g_autofree char *plot = NULL;
  gint64 seed = 0;
  int status = EXIT_OK;
  GOptionEntry entries[] = {
    DATA_ENTRIES (data),
    { "plot", 0, 0, G_OPTION_ARG_FILENAME, &plot, N_("Also draw the inertia (the elbow) and the silhouette against k into a .png, .svg or .pdf file"), N_("FILE") },
    { "k-min", 0, 0, G_OPTION_ARG_INT, &k_min, N_("The fewest clusters to try (default 2)"), N_("N") },
    { "k-max", 0, 0, G_OPTION_ARG_INT, &k_max, N_("The most clusters to try (default 10)"), N_("N") },
    { "n-init", 0, 0, G_OPTION_ARG_INT, &n_init, N_("k-means restarts for each k (default 10)"), N_("N") },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, N_("Starts the random choices (default 0)"), N_("S") },
    { "silhouette-sample", 0, 0, G_OPTION_ARG_INT, &silhouette_sample, N_("Measure the silhouette on a sample of this many rows when there are more (default 20000; 0 for all)"), N_("N") },
    { NULL }
  };

  g_option_context_set_summary (context, _("Runs k-means for each k from --k-min to --k-max and prints the inertia (for the elbow plot), the silhouette, the Calinski–Harabasz and the Davies–Bouldin index of each, and recommends the k with the best silhouette. Nothing is written to the project."));
  if (!parse_options (context, entries, &argc, &argv, &status))
    return status;
  if (argc != 1)
    return usage_error (context, _("suggest-k: unexpected argument “%s”"), argv[1]);
  if (!check_data_options (context, "suggest-k", &data, &status))
    return status;
  if (k_min < 2 || k_max < k_min || k_max > 200)
    return usage_error (context, _("--k-min and --k-max: give 2 ≤ k-min ≤ k-max ≤ 200"));
  if (n_init < 1 || silhouette_sample < 0 || seed < 0)
    return usage_error (context, _("--n-init must be 1 or more, --seed and --silhouette-sample 0 or more"));

  project = open_project (context, FALSE, &status);
  if (project == NULL)
    return status;

  dataset = seg_dataset_load (project, data.table, (const char *const *) data.column_list, &data.prep, NULL, &error);
  if (dataset == NULL)
    return input_error (error);
  suggestion = seg_dataset_suggest_k (dataset, k_min, k_max, n_init, (guint64) seed,
                                      (size_t) silhouette_sample, NULL, &error);
  if (suggestion == NULL)
    return input_error (error);
  if (plot != NULL && !plot_suggestion (suggestion, data.table, plot, &error))
    return input_error (error);

  if (global.json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      add_member_string (builder, "table", data.table);
      add_member_int (builder, "rows", (gint64) suggestion->rows);
      json_builder_set_member_name (builder, "silhouette_sample");
      if (suggestion->silhouette_sample > 0)
        json_builder_add_int_value (builder, (gint64) suggestion->silhouette_sample);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "scores");
      json_builder_begin_array (builder);
      for (guint i = 0; i < suggestion->scores->len; i++)
        {
          SegKScore *score = &g_array_index (suggestion->scores, SegKScore, i);

          json_builder_begin_object (builder);
          add_member_int (builder, "k", score->k);
          seg_json_add_double_or_null (builder, "inertia", score->inertia);
          seg_json_add_double_or_null (builder, "silhouette", score->silhouette);
          seg_json_add_double_or_null (builder, "calinski_harabasz", score->calinski_harabasz);
          seg_json_add_double_or_null (builder, "davies_bouldin", score->davies_bouldin);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      add_member_int (builder, "recommended_k", suggestion->recommended);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      print_json (root);
    }
  else if (!global.quiet)
    {
      g_autoptr(GPtrArray) table = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
      gboolean right[] = { TRUE, TRUE, TRUE, TRUE, TRUE, FALSE };

      g_ptr_array_add (table, g_strsplit (_("k|inertia|silhouette|Calinski–Harabasz|Davies–Bouldin| "), "|", 6));
      for (guint i = 0; i < suggestion->scores->len; i++)
        {
          SegKScore *score = &g_array_index (suggestion->scores, SegKScore, i);
          char **row = g_new0 (char *, 7);

          row[0] = g_strdup_printf ("%d", score->k);
          row[1] = g_strdup_printf ("%.1f", score->inertia);
          row[2] = g_strdup_printf ("%.4f", score->silhouette);
          row[3] = g_strdup_printf ("%.1f", score->calinski_harabasz);
          row[4] = g_strdup_printf ("%.4f", score->davies_bouldin);
          row[5] = g_strdup (score->k == suggestion->recommended ? _("← recommended") : "");
          g_ptr_array_add (table, row);
        }
      print_table (table, right);
      if (suggestion->silhouette_sample > 0)
        g_print (_("(silhouettes measured on a sample of %zu of the %zu rows)\n"),
                 suggestion->silhouette_sample, suggestion->rows);
      g_print (_("Recommended: k = %d, the best silhouette\n"), suggestion->recommended);
    }

  return EXIT_OK;
}

static int
command_k_distance (int    argc,
                    char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— the k-distance curve, to choose DBSCAN’s eps"));
  g_autoptr(SegProject) project = NULL;
  g_autoptr(SegDataset) dataset = NULL;
  g_autoptr(SegKDistance) curve = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(DataOptions) data = { 0 };
  int min_points = 5, points = 20;
  int status = EXIT_OK;
  GOptionEntry entries[] = {
    DATA_ENTRIES (data),
    { "min-points", 0, 0, G_OPTION_ARG_INT, &min_points, N_("DBSCAN’s min-points, the row itself counted (default 5)"), N_("M") },
    { "points", 0, 0, G_OPTION_ARG_INT, &points, N_("How many points of the curve to print (default 20; 0 for all)"), N_("N") },
    { NULL }
  };

  g_option_context_set_summary (context, _("Sorts every row’s distance to its min-points-th nearest row (itself the first), after the same preprocessing as cluster, and finds the knee of that curve: a good eps to start DBSCAN from."));
  if (!parse_options (context, entries, &argc, &argv, &status))
    return status;
  if (argc != 1)
    return usage_error (context, _("k-distance: unexpected argument “%s”"), argv[1]);
  if (!check_data_options (context, "k-distance", &data, &status))
    return status;
  if (min_points < 1 || points < 0)
    return usage_error (context, _("--min-points must be 1 or more and --points 0 or more"));

  project = open_project (context, FALSE, &status);
  if (project == NULL)
    return status;

  dataset = seg_dataset_load (project, data.table, (const char *const *) data.column_list, &data.prep, NULL, &error);
  if (dataset == NULL)
    return input_error (error);
  curve = seg_dataset_k_distance (dataset, min_points, NULL, &error);
  if (curve == NULL)
    return input_error (error);

  {
    /* Evenly spaced points of the curve, and the knee among them. */
    g_autoptr(GArray) shown = g_array_new (FALSE, FALSE, sizeof (gsize));
    gsize count = points == 0 || (gsize) points >= curve->n ? curve->n : (gsize) points;
    gboolean knee_added = FALSE;

    for (gsize i = 0; i < count; i++)
      {
        gsize index = count > 1 ? i * (curve->n - 1) / (count - 1) : 0;

        if (!knee_added && index >= curve->knee)
          {
            if (index != curve->knee)
              g_array_append_val (shown, curve->knee);
            knee_added = TRUE;
          }
        g_array_append_val (shown, index);
      }

    if (global.json)
      {
        g_autoptr(JsonBuilder) builder = json_builder_new ();
        g_autoptr(JsonNode) root = NULL;

        json_builder_begin_object (builder);
        add_member_string (builder, "table", data.table);
        add_member_int (builder, "rows", (gint64) curve->n);
        add_member_int (builder, "min_points", min_points);
        add_member_int (builder, "knee", (gint64) curve->knee);
        add_member_double (builder, "eps", curve->eps);
        json_builder_set_member_name (builder, "curve");
        json_builder_begin_array (builder);
        for (guint i = 0; i < shown->len; i++)
          {
            gsize index = g_array_index (shown, gsize, i);

            json_builder_begin_object (builder);
            add_member_int (builder, "index", (gint64) index);
            add_member_double (builder, "distance", curve->distances[index]);
            json_builder_end_object (builder);
          }
        json_builder_end_array (builder);
        json_builder_end_object (builder);
        root = json_builder_get_root (builder);
        print_json (root);
      }
    else if (!global.quiet)
      {
        g_autoptr(GPtrArray) table = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
        gboolean right[] = { TRUE, TRUE, FALSE };

        g_ptr_array_add (table, g_strsplit (_("row|distance| "), "|", 3));
        for (guint i = 0; i < shown->len; i++)
          {
            gsize index = g_array_index (shown, gsize, i);
            char **row = g_new0 (char *, 4);

            row[0] = g_strdup_printf ("%zu", index + 1);
            row[1] = g_strdup_printf ("%.4f", curve->distances[index]);
            row[2] = g_strdup (index == curve->knee ? _("← knee") : "");
            g_ptr_array_add (table, row);
          }
        print_table (table, right);
        g_print (_("Knee at row %zu of %zu: try --eps %.4g with --min-points %d\n"),
                 curve->knee + 1, curve->n, curve->eps, min_points);
      }
  }

  return EXIT_OK;
}

static gboolean
parse_run_id (const char *text,
              gint64     *id)
{
  char *end = NULL;

  *id = g_ascii_strtoll (text, &end, 10);

  return end != text && *end == '\0' && *id > 0;
}

static int
command_profile (int    argc,
                 char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("RUN — describe the clusters of a run"));
  g_autoptr(SegProject) project = NULL;
  g_autoptr(SegProfile) profile = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *product = NULL;
  gint64 id;
  int status = EXIT_OK;
  GOptionEntry entries[] = {
    { "product", 0, 0, G_OPTION_ARG_STRING, &product, N_("The product column of the order lines (default: one named like sku or product_id)"), N_("COLUMN") },
    { NULL }
  };

  g_option_context_set_summary (context, _("For each cluster: its size and share, the mean, median and z-score of each number column, its share of revenue, a plain name and, for customers scored from order lines, the products they buy most."));
  if (!parse_options (context, entries, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return usage_error (context, _("profile: give one run number (see “runs”)"));
  if (!parse_run_id (argv[1], &id))
    return usage_error (context, _("profile: “%s” is not a run number"), argv[1]);

  project = open_project (context, FALSE, &status);
  if (project == NULL)
    return status;

  profile = seg_project_profile (project, id, product, &error);
  if (profile == NULL)
    return input_error (error);

  if (global.json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      add_member_int (builder, "run", profile->run);
      add_member_string (builder, "table", profile->table);
      json_builder_set_member_name (builder, "revenue_column");
      if (profile->revenue != NULL)
        json_builder_add_string_value (builder, profile->revenue);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "overall");
      json_builder_begin_object (builder);
      for (guint j = 0; profile->features[j] != NULL; j++)
        {
          json_builder_set_member_name (builder, profile->features[j]);
          json_builder_begin_object (builder);
          seg_json_add_double_or_null (builder, "mean", profile->overall_mean[j]);
          seg_json_add_double_or_null (builder, "sd", profile->overall_sd[j]);
          json_builder_end_object (builder);
        }
      json_builder_end_object (builder);
      json_builder_set_member_name (builder, "clusters");
      json_builder_begin_array (builder);
      for (guint c = 0; c < profile->clusters->len; c++)
        {
          SegClusterProfile *cluster = g_ptr_array_index (profile->clusters, c);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "cluster");
          if (cluster->cluster > 0)
            json_builder_add_int_value (builder, cluster->cluster);
          else
            json_builder_add_null_value (builder);
          add_member_string (builder, "name", cluster->name);
          add_member_int (builder, "size", cluster->size);
          add_member_double (builder, "share", cluster->share);
          seg_json_add_double_or_null (builder, "revenue_share", cluster->revenue_share);
          json_builder_set_member_name (builder, "features");
          json_builder_begin_object (builder);
          for (guint j = 0; profile->features[j] != NULL; j++)
            {
              SegFeatureStat *stat = &g_array_index (cluster->features, SegFeatureStat, j);

              json_builder_set_member_name (builder, profile->features[j]);
              json_builder_begin_object (builder);
              seg_json_add_double_or_null (builder, "mean", stat->mean);
              seg_json_add_double_or_null (builder, "median", stat->median);
              seg_json_add_double_or_null (builder, "z", stat->z);
              json_builder_end_object (builder);
            }
          json_builder_end_object (builder);
          json_builder_set_member_name (builder, "top_products");
          json_builder_begin_array (builder);
          for (guint p = 0; p < cluster->products->len; p++)
            {
              SegTopProduct *top = g_ptr_array_index (cluster->products, p);

              json_builder_begin_object (builder);
              add_member_string (builder, "product", top->product);
              json_builder_set_member_name (builder, "name");
              if (top->label != NULL)
                json_builder_add_string_value (builder, top->label);
              else
                json_builder_add_null_value (builder);
              add_member_int (builder, "buyers", top->buyers);
              add_member_double (builder, "share", top->share);
              seg_json_add_double_or_null (builder, "lift", top->lift);
              add_member_double (builder, "revenue", top->revenue);
              json_builder_end_object (builder);
            }
          json_builder_end_array (builder);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      print_json (root);
    }
  else if (!global.quiet)
    {
      g_print (_("Run %" PRId64 ", table “%s”\n"), profile->run, profile->table);
      for (guint c = 0; c < profile->clusters->len; c++)
        {
          SegClusterProfile *cluster = g_ptr_array_index (profile->clusters, c);
          g_autoptr(GPtrArray) table = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
          gboolean right[] = { FALSE, TRUE, TRUE, TRUE };

          g_print ("\n");
          if (cluster->cluster > 0)
            g_print (_("Cluster %d · %s\n"), cluster->cluster, cluster->name);
          else
            g_print ("%s\n", cluster->name);
          g_print (_("  %" PRId64 " rows (%.1f%%)"), cluster->size, 100 * cluster->share);
          if (isfinite (cluster->revenue_share))
            g_print (_(", %.1f%% of revenue"), 100 * cluster->revenue_share);
          g_print ("\n");

          g_ptr_array_add (table, g_strsplit (_("  column|mean|median|z"), "|", 4));
          for (guint j = 0; profile->features[j] != NULL; j++)
            {
              SegFeatureStat *stat = &g_array_index (cluster->features, SegFeatureStat, j);
              char **row = g_new0 (char *, 5);

              row[0] = g_strdup_printf ("  %s", profile->features[j]);
              row[1] = g_strdup_printf ("%.2f", stat->mean);
              row[2] = g_strdup_printf ("%.2f", stat->median);
              row[3] = g_strdup_printf ("%+.2f", stat->z);
              g_ptr_array_add (table, row);
            }
          print_table (table, right);

          if (cluster->products->len > 0)
            {
              g_print (_("  Bought most (share of the cluster’s customers, lift against everyone):\n"));
              for (guint p = 0; p < cluster->products->len; p++)
                {
                  SegTopProduct *top = g_ptr_array_index (cluster->products, p);

                  g_print ("    %s%s%s  %.0f%%  ×%.1f\n", top->product,
                           top->label != NULL ? " " : "", top->label != NULL ? top->label : "",
                           100 * top->share, top->lift);
                }
            }
        }
    }

  return EXIT_OK;
}

static int
command_runs (int    argc,
              char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— the history of analyses"));
  g_autoptr(SegProject) project = NULL;
  g_autoptr(GPtrArray) runs = NULL;
  g_autoptr(GError) error = NULL;
  int status = EXIT_OK;

  g_option_context_set_summary (context, _("Lists every run kept in the project: its algorithm, input, parameters, measures and result tables."));
  if (!parse_options (context, NULL, &argc, &argv, &status))
    return status;
  if (argc != 1)
    return usage_error (context, _("runs: unexpected argument “%s”"), argv[1]);

  project = open_project (context, FALSE, &status);
  if (project == NULL)
    return status;

  runs = seg_project_list_runs (project, &error);
  if (runs == NULL)
    return input_error (error);

  if (global.json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_array (builder);
      for (guint i = 0; i < runs->len; i++)
        {
          SegRunRecord *record = g_ptr_array_index (runs, i);

          json_builder_begin_object (builder);
          add_member_int (builder, "run", record->id);
          add_member_string (builder, "algorithm", record->algorithm);
          add_member_string (builder, "input_table", record->input_table);
          json_builder_set_member_name (builder, "input");
          json_builder_add_value (builder, json_node_copy (record->input));
          json_builder_set_member_name (builder, "parameters");
          json_builder_add_value (builder, json_node_copy (record->parameters));
          json_builder_set_member_name (builder, "preprocessing");
          json_builder_add_value (builder, json_node_copy (record->preprocessing));
          add_member_int (builder, "seed", (gint64) record->seed);
          add_member_string (builder, "status", record->status);
          add_member_string (builder, "started_at", record->started_at);
          add_member_double (builder, "seconds", record->seconds);
          json_builder_set_member_name (builder, "metrics");
          json_builder_add_value (builder, json_node_copy (record->metrics));
          json_builder_set_member_name (builder, "tables");
          json_builder_begin_array (builder);
          for (guint t = 0; record->result_tables[t] != NULL; t++)
            json_builder_add_string_value (builder, record->result_tables[t]);
          json_builder_end_array (builder);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      root = json_builder_get_root (builder);
      print_json (root);
    }
  else if (!global.quiet)
    {
      g_autoptr(GPtrArray) table = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
      gboolean right[] = { TRUE, FALSE, FALSE, TRUE, TRUE, FALSE, FALSE };

      if (runs->len == 0)
        {
          g_print (_("No runs yet: try “segmenta-cli -p %s cluster --help”\n"), global.project_path);
          return EXIT_OK;
        }
      g_ptr_array_add (table, g_strsplit (_("run|algorithm|table|k|silhouette|started|result"), "|", 7));
      for (guint i = 0; i < runs->len; i++)
        {
          SegRunRecord *record = g_ptr_array_index (runs, i);
          JsonObject *metrics = JSON_NODE_HOLDS_OBJECT (record->metrics) ? json_node_get_object (record->metrics) : NULL;
          char **row = g_new0 (char *, 8);

          row[0] = g_strdup_printf ("%" PRId64, record->id);
          row[1] = g_strdup (record->algorithm);
          row[2] = g_strdup (record->input_table);
          row[3] = metrics != NULL ? g_strdup_printf ("%" PRId64, json_object_get_int_member_with_default (metrics, "k", 0))
                                   : g_strdup ("–");
          row[4] = format_metric (metrics != NULL ? metric (metrics, "silhouette") : NAN);
          row[5] = g_strdup (record->started_at);
          row[6] = g_strjoinv (", ", record->result_tables);
          g_ptr_array_add (table, row);
        }
      print_table (table, right);
    }

  return EXIT_OK;
}

static gboolean
check_chart_size (GOptionContext *context,
                  int             width,
                  int             height,
                  int            *status)
{
  if (width >= 200 && width <= 10000 && height >= 150 && height <= 10000)
    return TRUE;
  *status = usage_error (context, _("--width and --height: give 200 to 10000 and 150 to 10000"));
  return FALSE;
}

static int
command_plot (int    argc,
              char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("RUN — draw a run as a chart"));
  g_autoptr(SegProject) project = NULL;
  g_autoptr(SegRunPoints) points = NULL;
  g_autoptr(SegRunRecord) record = NULL;
  g_autoptr(SegProfile) profile = NULL;
  g_auto(GStrv) names = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *kind = NULL;
  g_autofree char *output = NULL;
  g_autofree char *title = NULL;
  g_autofree char *x_label = NULL;
  g_autofree char *y_label = NULL;
  int width = 900, height = 600;
  gboolean noise = FALSE;
  Chart chart = { 0 };
  gint64 id;
  int status = EXIT_OK;
  GOptionEntry entries[] = {
    { "kind", 'k', 0, G_OPTION_ARG_STRING, &kind, N_("The chart: the clusters on the 2-D map, or each row’s silhouette (default map)"), N_("map|silhouette") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("The file to write: .png, .svg or .pdf"), N_("FILE") },
    { "width", 0, 0, G_OPTION_ARG_INT, &width, N_("Width in pixels, or points for SVG and PDF (default 900)"), N_("N") },
    { "height", 0, 0, G_OPTION_ARG_INT, &height, N_("Height (default 600)"), N_("N") },
    { NULL }
  };

  g_option_context_set_summary (context, _("Draws a clustering run: its rows on the map of the first two principal components, coloured by cluster with each cluster’s centre, or the silhouette plot."));
  if (!parse_options (context, entries, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return usage_error (context, _("plot: give one run number (see “runs”)"));
  if (!parse_run_id (argv[1], &id))
    return usage_error (context, _("plot: “%s” is not a run number"), argv[1]);
  if (output == NULL)
    return usage_error (context, _("plot: --output is required"));
  if (kind != NULL && !g_str_equal (kind, "map") && !g_str_equal (kind, "silhouette"))
    return usage_error (context, _("--kind: “%s” is not map or silhouette"), kind);
  if (!check_chart_size (context, width, height, &status))
    return status;

  project = open_project (context, FALSE, &status);
  if (project == NULL)
    return status;
  points = seg_project_load_run_points (project, id, &error);
  if (points == NULL)
    return input_error (error);
  record = seg_project_get_run (project, id, &error);
  if (record == NULL)
    return input_error (error);

  for (size_t i = 0; i < points->n && !noise; i++)
    noise = points->labels[i] < 0;

  if (kind == NULL || g_str_equal (kind, "map"))
    {
      profile = seg_project_profile (project, id, NULL, NULL);
      names = seg_run_points_legend (points, profile, TRUE);
      title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "Run %" PRId64 " · %s · %u cluster",
                                            "Run %" PRId64 " · %s · %u clusters",
                                            points->n_clusters),
                               id, record->algorithm, points->n_clusters);
      x_label = seg_run_points_axis_label (points, 1);
      y_label = seg_run_points_axis_label (points, 2);
      chart.scatter = (SegScatter) {
        .n = points->n,
        .x = points->x,
        .y = points->y,
        .labels = points->labels,
        .n_clusters = points->n_clusters,
        .names = (const char *const *) names,
        .noise_name = noise ? _("Noise") : NULL,
        .centroids = points->centroids,
        .axes = { title, x_label, y_label, NULL, FALSE },
        .legend = TRUE,
      };
      seg_scatter_fit (&chart.scatter);
      if (!seg_plot_export (output, width, height, draw_map, &chart, &error))
        return input_error (error);
    }
  else
    {
      title = g_strdup_printf (_("Silhouette of run %" PRId64 " · average %.3f"), id, points->silhouette_mean);
      chart.silhouette = (SegSilhouettePlot) {
        .n = points->n,
        .values = points->silhouette,
        .labels = points->labels,
        .n_clusters = points->n_clusters,
        .average = points->silhouette_mean,
        .axes = { title, _("Silhouette: how much nearer each row is to its own cluster than to the next"), _("Cluster"), NULL, TRUE },
      };
      if (!seg_plot_export (output, width, height, draw_silhouette, &chart, &error))
        return input_error (error);
    }

  if (global.json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      add_member_int (builder, "run", id);
      add_member_string (builder, "kind", kind != NULL ? kind : "map");
      add_member_string (builder, "output", output);
      add_member_int (builder, "rows", (gint64) points->n);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      print_json (root);
    }
  else if (!global.quiet)
    g_print (_("Wrote %s\n"), output);

  return EXIT_OK;
}

static int
command_delete_run (int    argc,
                    char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("RUN — delete a run and its result tables"));
  g_autoptr(SegProject) project = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;
  int status = EXIT_OK;
  GOptionEntry entries[] = { { NULL } };

  g_option_context_set_summary (context, _("Deletes a run from the history with the tables it wrote. The tables it read stay."));
  if (!parse_options (context, entries, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return usage_error (context, _("delete-run: give one run number (see “runs”)"));
  if (!parse_run_id (argv[1], &id))
    return usage_error (context, _("delete-run: “%s” is not a run number"), argv[1]);

  project = open_project (context, FALSE, &status);
  if (project == NULL)
    return status;
  if (!seg_project_delete_run (project, id, &error))
    return input_error (error);

  if (global.json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      add_member_int (builder, "deleted", id);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      print_json (root);
    }
  else if (!global.quiet)
    g_print (_("Deleted run %" PRId64 "\n"), id);

  return EXIT_OK;
}

static int
command_rerun (int    argc,
               char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("RUN — run an analysis again on the current data"));
  g_autoptr(SegProject) project = NULL;
  g_autoptr(SegRunRecord) record = NULL;
  g_autoptr(SegRun) run = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;
  int status = EXIT_OK;
  GOptionEntry entries[] = { { NULL } };

  g_option_context_set_summary (context, _("Runs a clustering again as it was run, with the same table, columns, preparation, parameters and seed, on the table as it is now, for instance after importing new orders and scoring them again. The new run gets its own number and result table."));
  if (!parse_options (context, entries, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return usage_error (context, _("rerun: give one run number (see “runs”)"));
  if (!parse_run_id (argv[1], &id))
    return usage_error (context, _("rerun: “%s” is not a run number"), argv[1]);

  project = open_project (context, FALSE, &status);
  if (project == NULL)
    return status;
  record = seg_project_get_run (project, id, &error);
  if (record != NULL)
    run = seg_run_new_like (project, record, &error);
  if (run == NULL)
    return input_error (error);

  return execute_and_report (context, run);
}

static const Command commands[] = {
  { "import", N_("FILE"), N_("Import a CSV or tab-separated file as a table"), command_import },
  { "tables", "", N_("List the tables with their row counts"), command_tables },
  { "schema", N_("TABLE"), N_("Show a table’s columns, types and source"), command_schema },
  { "head", N_("TABLE"), N_("Show the first rows of a table"), command_head },
  { "rejects", N_("TABLE"), N_("Show the rows an import set aside, with reasons"), command_rejects },
  { "export", N_("TABLE"), N_("Write a table as CSV"), command_export },
  { "rfm", "", N_("Score every customer by recency, frequency and spend"), command_rfm },
  { "cluster", "", N_("Find segments among the rows of a table"), command_cluster },
  { "suggest-k", "", N_("Compare numbers of clusters and recommend one"), command_suggest_k },
  { "k-distance", "", N_("Show the k-distance curve that helps choose DBSCAN’s eps"), command_k_distance },
  { "profile", N_("RUN"), N_("Describe the clusters of a run"), command_profile },
  { "runs", "", N_("List the analyses run in the project"), command_runs },
  { "rerun", N_("RUN"), N_("Run an analysis again on the current data"), command_rerun },
  { "delete-run", N_("RUN"), N_("Delete a run and the tables it wrote"), command_delete_run },
  { "plot", N_("RUN"), N_("Draw a run’s clusters or silhouettes as PNG, SVG or PDF"), command_plot },
};

static char *
commands_description (void)
{
  GString *s = g_string_new (_("Commands:\n"));

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      /* gettext ("") is the catalogue's header, not an empty string. */
      g_autofree char *usage = g_strdup_printf ("%s %s", commands[i].name,
                                                commands[i].args[0] ? _(commands[i].args) : "");
      int pad = MAX (1, 19 - display_width (usage));

      g_string_append_printf (s, "  %s%*s%s\n", usage, pad, "", _(commands[i].summary));
    }
  g_string_append (s, _("\nRun “segmenta-cli COMMAND --help” for a command’s options.\n"
                        "Exit status: 0 success, 1 bad input (the message names the file, line,\n"
                        "column or option), 2 usage error."));

  return g_string_free (s, FALSE);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *description = NULL;
  GOptionEntry main_entries[] = {
    { "version", 0, 0, G_OPTION_ARG_NONE, &global.version, N_("Print the version"), NULL },
    { NULL }
  };

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  context = g_option_context_new (_("COMMAND [OPTIONS…] — Segmenta on the command line"));
  g_option_context_add_main_entries (context, global_entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, main_entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  /* Stop at the command: what follows belongs to it. */
  g_option_context_set_strict_posix (context, TRUE);
  description = commands_description ();
  g_option_context_set_description (context, description);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error (context, "%s", error->message);

  if (global.version)
    {
      g_print ("segmenta-cli %s\n", PACKAGE_VERSION);
      return EXIT_OK;
    }

  if (argc < 2)
    return usage_error (context, _("no command given"));

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (g_strcmp0 (argv[1], commands[i].name) == 0)
        {
          g_autofree char *prgname = g_strdup_printf ("segmenta-cli %s", commands[i].name);

          g_set_prgname (prgname);
          return commands[i].func (argc - 1, argv + 1);
        }
    }

  return usage_error (context, _("unknown command “%s”"), argv[1]);
}
