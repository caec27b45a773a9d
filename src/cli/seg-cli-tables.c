/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <inttypes.h>
#include <string.h>
#include <unistd.h>

#include <gio/gunixoutputstream.h>
#include <glib/gi18n.h>

#include "seg-cli-commands.h"
#include "seg-error.h"
#include "seg-export.h"
#include "seg-segment.h"
#include "seg-importer.h"
#include "seg-profile.h"
#include "seg-run-record.h"
#include "seg-sniff.h"
#include "seg-table-rows.h"
#include "seg-workbook.h"

/* The tables of a project: import, look at, export. */

static const char *
delimiter_name (char delimiter)
{
  switch (delimiter)
    {
    case '\t': return "tab";
    case ' ': return _("columns aligned with spaces");
    default: return seg_delimiter_to_string (delimiter);
    }
}

/* import */

static struct
{
  char          *table;
  char          *encoding;
  char          *delimiter;
  char          *header;
  char          *dates;
  char          *on_bad_cell;
  GStrv          types;
  GStrv          sheets;
  char          *append_to;
  gint64         max_field_mib;
  gboolean       replace;
  gboolean       ignore_extra;
  gboolean       baskets;
  char           delimiter_char;
  SegHeaderMode  header_mode;
  SegDateOrder   date_order;
  SegBadCellPolicy bad_cell_policy;
  GArray        *column_types; /* of ColumnType */
} import = { .max_field_mib = 16 };

typedef struct
{
  guint         index;
  char         *name;  /* the column's header, or NULL when given by number */
  SegColumnType type;
} ColumnType;

static void
column_type_clear (ColumnType *column)
{
  g_clear_pointer (&column->name, g_free);
}

static const GOptionEntry import_entries[] = {
  { "table", 't', 0, G_OPTION_ARG_STRING, &import.table, N_("Name of the new table (default: the file name)"), N_("NAME") },
  { "encoding", 'e', 0, G_OPTION_ARG_STRING, &import.encoding, N_("Text encoding: auto, or a name such as UTF-8, GBK, UTF-16, WINDOWS-1252"), N_("auto|NAME") },
  { "delimiter", 'd', 0, G_OPTION_ARG_STRING, &import.delimiter, N_("Field delimiter: auto, a character, or tab"), N_("auto|CHAR|tab") },
  { "header", 0, 0, G_OPTION_ARG_STRING, &import.header, N_("Whether the first line names the columns"), N_("auto|yes|no") },
  { "dates", 0, 0, G_OPTION_ARG_STRING, &import.dates, N_("Order of day, month and year in dates such as 03/04/2024"), N_("auto|dmy|mdy|ymd") },
  { "type", 0, 0, G_OPTION_ARG_STRING_ARRAY, &import.types, N_("Store a column, given by number from 1 or by name, as a type, overriding detection (repeatable)"), N_("COLUMN=TYPE") },
  { "on-bad-cell", 0, 0, G_OPTION_ARG_STRING, &import.on_bad_cell, N_("What to do with a value that does not fit its column’s type: empty the cell and keep the row (default), or leave the row out"), N_("empty|reject-row") },
  { "sheet", 0, 0, G_OPTION_ARG_STRING_ARRAY, &import.sheets, N_("For a workbook (.xlsx, .ods): a sheet to import, as a table named after it (repeatable; default: every sheet)"), N_("NAME") },
  { "max-field-mib", 0, 0, G_OPTION_ARG_INT64, &import.max_field_mib, N_("Largest field accepted, in MiB (default 16)"), N_("N") },
  { "replace", 0, 0, G_OPTION_ARG_NONE, &import.replace, N_("Replace a table of the same name"), NULL },
  { "append-to", 0, 0, G_OPTION_ARG_STRING, &import.append_to, N_("Add the rows to an existing table instead, matching the columns by name and reading the values with the table’s types"), N_("TABLE") },
  { "ignore-extra-columns", 0, 0, G_OPTION_ARG_NONE, &import.ignore_extra, N_("With --append-to, leave out the file’s columns that the table does not have instead of stopping"), NULL },
  { "baskets", 0, 0, G_OPTION_ARG_NONE, &import.baskets, N_("Read one basket a line, its items in the fields, as a table of basket and item (found by itself for ragged lines of names)"), NULL },
  { NULL }
};

static int
import_check (int    argc,
              char **argv)
{
  if (argc != 2)
    return seg_cli_usage_error ("%s", argc < 2 ? _("import: no FILE given") : _("import: only one FILE at a time"));

  if (import.delimiter != NULL && g_ascii_strcasecmp (import.delimiter, "auto") != 0 &&
      !seg_delimiter_from_string (import.delimiter, &import.delimiter_char))
    return seg_cli_usage_error (_("--delimiter: “%s” is not a delimiter (use auto, a single character, or tab)"), import.delimiter);

  if (import.baskets && import.append_to != NULL)
    return seg_cli_usage_error (_("--baskets: a file of baskets makes a new table; leave out --append-to"));

  import.header_mode = SEG_HEADER_AUTO;
  if (import.header != NULL)
    {
      if (g_ascii_strcasecmp (import.header, "yes") == 0)
        import.header_mode = SEG_HEADER_YES;
      else if (g_ascii_strcasecmp (import.header, "no") == 0)
        import.header_mode = SEG_HEADER_NO;
      else if (g_ascii_strcasecmp (import.header, "auto") != 0)
        return seg_cli_usage_error (_("--header: “%s” is not one of auto, yes, no"), import.header);
    }

  import.date_order = SEG_DATE_ORDER_AUTO;
  if (import.dates != NULL && !seg_date_order_from_string (import.dates, &import.date_order))
    return seg_cli_usage_error (_("--dates: “%s” is not one of auto, dmy, mdy, ymd"), import.dates);

  import.bad_cell_policy = SEG_BAD_CELL_EMPTY;
  if (import.on_bad_cell != NULL)
    {
      if (g_ascii_strcasecmp (import.on_bad_cell, "reject-row") == 0)
        import.bad_cell_policy = SEG_BAD_CELL_REJECT_ROW;
      else if (g_ascii_strcasecmp (import.on_bad_cell, "empty") != 0)
        return seg_cli_usage_error (_("--on-bad-cell: “%s” is not one of empty, reject-row"), import.on_bad_cell);
    }

  if (import.max_field_mib < 1 || import.max_field_mib > 4096)
    return seg_cli_usage_error (_("--max-field-mib: must be between 1 and 4096"));

  /* Rows added to a table take its name and its column types. */
  if (import.append_to != NULL)
    {
      if (import.append_to[0] == '\0')
        return seg_cli_usage_error (_("--append-to: give the name of a table"));
      if (import.table != NULL)
        return seg_cli_usage_error (_("--append-to: the rows go to the table it names; leave out --table"));
      if (import.replace)
        return seg_cli_usage_error (_("--append-to and --replace cannot go together: one adds rows, the other replaces the table"));
      if (import.types != NULL)
        return seg_cli_usage_error (_("--append-to: the values are read with the table’s column types; leave out --type"));
      if (import.sheets != NULL && import.sheets[0] != NULL && import.sheets[1] != NULL)
        return seg_cli_usage_error (_("--append-to: rows come from one sheet at a time; give one --sheet"));
    }
  else if (import.ignore_extra)
    return seg_cli_usage_error (_("--ignore-extra-columns: only applies with --append-to"));

  import.column_types = g_array_new (FALSE, TRUE, sizeof (ColumnType));
  g_array_set_clear_func (import.column_types, (GDestroyNotify)column_type_clear);
  for (guint i = 0; import.types != NULL && import.types[i] != NULL; i++)
    {
      /* The last '=', as a header may hold one but a type never does. */
      const char *eq = strrchr (import.types[i], '=');
      g_autofree char *key = eq != NULL ? g_strndup (import.types[i], eq - import.types[i]) : NULL;
      ColumnType column = { 0 };
      guint64 index;

      if (eq == NULL || eq == import.types[i] || !seg_column_type_from_string (eq + 1, &column.type))
        return seg_cli_usage_error (_("--type: “%s” is not COLUMN=TYPE with a column number from 1 or a column name, and a type among text, integer, real, boolean, date, datetime"), import.types[i]);

      /* A number is the column's position, anything else its name: names
       * are matched once the file's header is read. */
      if (g_ascii_string_to_unsigned (key, 10, 0, G_MAXUINT64, &index, NULL))
        {
          if (index < 1 || index > 2000)
            return seg_cli_usage_error (_("--type: “%s” is not COLUMN=TYPE with a column number from 1 or a column name, and a type among text, integer, real, boolean, date, datetime"), import.types[i]);
          column.index = index - 1;
        }
      else
        column.name = g_steal_pointer (&key);
      g_array_append_val (import.column_types, column);
    }

  return SEG_CLI_EXIT_OK;
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
  g_autoptr(SegCliTable) columns = seg_cli_table_new (NULL, NULL, NULL);

  for (guint i = 0; i < summary->columns->len; i++)
    {
      SegColumnInfo *column = g_ptr_array_index (summary->columns, i);

      seg_cli_table_begin_row (columns, NULL);
      seg_cli_table_add_string (columns, "name", column->name);
      seg_cli_table_add_string (columns, "header", column->header);
      seg_cli_table_add_string (columns, "type", seg_column_type_to_string (column->type));
    }

  json_builder_begin_object (builder);
  seg_cli_json_add_string (builder, "table", summary->table);
  seg_cli_json_add_int (builder, "rows", summary->rows);
  seg_cli_json_add_node (builder, "columns", seg_cli_table_to_json (columns));
  seg_cli_json_add_string (builder, "encoding", summary->encoding);
  seg_cli_json_add_string (builder, "delimiter", seg_delimiter_to_string (summary->delimiter));
  seg_cli_json_add_boolean (builder, "header", summary->header);
  seg_cli_json_add_int (builder, "padded", summary->padded);
  seg_cli_json_add_int (builder, "rejected", summary->rejected);
  seg_cli_json_add_int (builder, "emptied", summary->emptied);
  seg_cli_json_add_int (builder, "blank", summary->blank);
  json_builder_set_member_name (builder, "warnings");
  json_builder_begin_array (builder);
  for (guint i = 0; i < summary->warnings->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (summary->warnings, i));
  json_builder_end_array (builder);
  seg_cli_json_add_double (builder, "seconds", summary->seconds);
  if (summary->appended)
    {
      seg_cli_json_add_boolean (builder, "appended", TRUE);
      seg_cli_json_add_int (builder, "table_rows", summary->table_rows);
    }
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static void
print_summary (SegImportSummary *summary,
               gboolean          workbook)
{
  if (summary->appended)
    {
      g_autofree char *total = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'" PRId64 " row", "%'" PRId64 " rows",
                                                             summary->table_rows),
                                                summary->table_rows);

      g_print (g_dngettext (GETTEXT_PACKAGE,
                            "Added %'" PRId64 " row to “%s” from %s in %.2f s (now %s)\n",
                            "Added %'" PRId64 " rows to “%s” from %s in %.2f s (now %s)\n",
                            summary->rows),
               summary->rows, summary->table, summary->source_file, summary->seconds, total);
    }
  else
    g_print (g_dngettext (GETTEXT_PACKAGE,
                          "Imported %" PRId64 " row into “%s” from %s in %.2f s\n",
                          "Imported %" PRId64 " rows into “%s” from %s in %.2f s\n",
                          summary->rows),
             summary->rows, summary->table, summary->source_file, summary->seconds);
  if (workbook)
    g_print ("%s\n", summary->header ? _("First row is the header") : _("No header row"));
  else
    g_print (_("Encoding %s, delimiter “%s”, %s\n"),
             summary->encoding, delimiter_name (summary->delimiter),
             summary->header ? _("first line is the header") : _("no header line"));
  for (guint i = 0; i < summary->columns->len; i++)
    {
      SegColumnInfo *column = g_ptr_array_index (summary->columns, i);

      g_print ("  ");
      seg_cli_print_padded (column->name, 24, FALSE);
      g_print (" %s\n", seg_column_type_to_string (column->type));
    }
  for (guint i = 0; i < summary->warnings->len; i++)
    g_print (_("Note: %s\n"), (const char *) g_ptr_array_index (summary->warnings, i));
  if (summary->rejected > 0 || summary->emptied > 0)
    g_print (_("See them with: segmenta-cli -p %s rejects “%s”\n"),
             seg_cli_global.project_path, summary->table);
}

static gboolean
names_equal_nocase (const char *a,
                    const char *b)
{
  g_autofree char *folded_a = g_utf8_casefold (a, -1);
  g_autofree char *folded_b = g_utf8_casefold (b, -1);

  return strcmp (folded_a, folded_b) == 0;
}

/* Finds the position of each column that --type named, from the header
 * the import will read: by its header as written, then by the name it
 * would be stored under, then either without regard to case. */
static gboolean
resolve_column_names (SegImporter  *importer,
                      GError      **error)
{
  g_autoptr(SegImportPreview) preview = NULL;
  gboolean any = FALSE;

  for (guint i = 0; i < import.column_types->len; i++)
    any |= g_array_index (import.column_types, ColumnType, i).name != NULL;
  if (!any)
    return TRUE;

  preview = seg_importer_preview (importer, 1, NULL, error);
  if (preview == NULL)
    return FALSE;

  for (guint i = 0; i < import.column_types->len; i++)
    {
      ColumnType *column = &g_array_index (import.column_types, ColumnType, i);
      int found = -1;

      if (column->name == NULL)
        continue;

      for (guint pass = 0; pass < 2 && found < 0; pass++)
        for (guint k = 0; k < preview->columns->len && found < 0; k++)
          {
            SegPreviewColumn *candidate = g_ptr_array_index (preview->columns, k);
            g_autofree char *header = g_strstrip (g_strdup (candidate->header));

            if (pass == 0 ? (strcmp (header, column->name) == 0 ||
                             strcmp (candidate->name, column->name) == 0)
                          : (names_equal_nocase (header, column->name) ||
                             names_equal_nocase (candidate->name, column->name)))
              found = k;
          }

      if (found < 0)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("--type: the file has no column “%s”"), column->name);
          return FALSE;
        }
      column->index = found;
    }

  return TRUE;
}

/* Imports one file, or one sheet of a workbook (@sheet not %NULL), as the
 * options say. */
static SegImportSummary *
import_one (SegProject  *project,
            const char  *path,
            const char  *sheet,
            const char  *table,
            GError     **error)
{
  g_autoptr(SegImporter) importer = seg_importer_new (project, path);
  ImportJob job = { 0 };
  GThread *thread;

  if (table != NULL)
    seg_importer_set_table_name (importer, table);
  seg_importer_set_sheet (importer, sheet);
  seg_importer_set_encoding (importer, import.encoding);
  seg_importer_set_delimiter (importer, import.delimiter_char);
  seg_importer_set_header (importer, import.header_mode);
  seg_importer_set_date_order (importer, import.date_order);
  seg_importer_set_replace (importer, import.replace);
  seg_importer_set_on_bad_cell (importer, import.bad_cell_policy);
  seg_importer_set_max_field_size (importer, (guint64) import.max_field_mib * 1024 * 1024);
  seg_importer_set_append_to (importer, import.append_to);
  seg_importer_set_ignore_extra_columns (importer, import.ignore_extra);
  if (import.baskets)
    seg_importer_set_layout (importer, SEG_IMPORT_LAYOUT_BASKETS);
  if (!resolve_column_names (importer, error))
    return NULL;
  for (guint i = 0; i < import.column_types->len; i++)
    {
      ColumnType *column = &g_array_index (import.column_types, ColumnType, i);

      seg_importer_set_column_type (importer, column->index, column->type);
    }

  job.importer = importer;
  {
    g_autoptr(SegCliProgress) progress = seg_cli_progress_new (importer, "fraction", "message");

    thread = g_thread_new ("import", import_thread, &job);
    while (!g_atomic_int_get (&job.done))
      g_main_context_iteration (NULL, TRUE);
    g_thread_join (thread);
    while (g_main_context_iteration (NULL, FALSE))
      ;
  }

  if (job.summary == NULL)
    g_propagate_error (error, job.error);

  return job.summary;
}

/* The sheets to import and the tables they go to: named after the sheets,
 * made unique among themselves and, unless replacing, the project's
 * tables. */
static gboolean
plan_sheets (SegProject  *project,
             const char  *path,
             GPtrArray   *sheets,
             GPtrArray   *tables,
             GError     **error)
{
  g_autoptr(SegWorkbook) book = seg_workbook_open (path, error);

  if (book == NULL)
    return FALSE;

  if (import.sheets != NULL)
    for (guint i = 0; import.sheets[i] != NULL; i++)
      {
        if (!seg_workbook_has_sheet (book, import.sheets[i]))
          {
            g_autofree char *name = g_filename_display_basename (path);

            g_set_error (error, SEG_IMPORT_ERROR, SEG_IMPORT_ERROR_NO_SHEET,
                         _("--sheet: %s has no sheet “%s”"), name, import.sheets[i]);
            return FALSE;
          }
        /* A sheet named twice is imported once. */
        if (!g_ptr_array_find_with_equal_func (sheets, import.sheets[i], g_str_equal, NULL))
          g_ptr_array_add (sheets, g_strdup (import.sheets[i]));
      }
  else
    for (guint i = 0; i < seg_workbook_get_n_sheets (book); i++)
      g_ptr_array_add (sheets, g_strdup (seg_workbook_get_sheet_name (book, i)));

  if (import.table != NULL && sheets->len > 1)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--table: names one table, but %u sheets are imported; give one --sheet, or leave --table out to name the tables after the sheets"),
                   sheets->len);
      return FALSE;
    }

  for (guint i = 0; i < sheets->len; i++)
    {
      g_autofree char *base = import.table != NULL ? g_strdup (import.table)
                                                   : seg_table_name_from_text (g_ptr_array_index (sheets, i));
      char *name = g_strdup (base);

      for (guint n = 2; ; n++)
        {
          gboolean taken = !import.replace && seg_project_has_table (project, name);

          for (guint k = 0; k < tables->len && !taken; k++)
            taken = g_utf8_collate (g_ptr_array_index (tables, k), name) == 0 ||
                    g_ascii_strcasecmp (g_ptr_array_index (tables, k), name) == 0;
          if (!taken || import.table != NULL)
            break;
          g_free (name);
          name = g_strdup_printf ("%s_%u", base, n);
        }
      g_ptr_array_add (tables, name);
    }

  return TRUE;
}

static int
import_run (SegProject  *project,
            int          argc,
            char       **argv)
{
  g_autoptr(GPtrArray) summaries = g_ptr_array_new_with_free_func ((GDestroyNotify)seg_import_summary_free);
  g_autoptr(GPtrArray) sheets = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) tables = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  gboolean workbook = seg_workbook_kind_for_path (argv[1]) != SEG_WORKBOOK_NONE;

  if (!workbook)
    {
      if (import.sheets != NULL)
        return seg_cli_usage_error (_("--sheet: only a workbook (.xlsx, .ods) has sheets"));
      g_ptr_array_add (sheets, NULL);
      g_ptr_array_add (tables, g_strdup (import.table));
    }
  else if (import.append_to != NULL)
    {
      /* One sheet: the one named, or the workbook's only one. */
      if (import.sheets == NULL)
        {
          g_autoptr(SegWorkbook) book = seg_workbook_open (argv[1], &error);

          if (book == NULL)
            return seg_cli_fail (error);
          if (seg_workbook_get_n_sheets (book) > 1)
            {
              g_autofree char *name = g_filename_display_basename (argv[1]);

              g_set_error (&error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("--append-to: %s has %u sheets; choose the one to add with --sheet"),
                           name, seg_workbook_get_n_sheets (book));
              return seg_cli_fail (error);
            }
        }
      g_ptr_array_add (sheets, import.sheets != NULL ? g_strdup (import.sheets[0]) : NULL);
      g_ptr_array_add (tables, NULL);
    }
  else if (!plan_sheets (project, argv[1], sheets, tables, &error))
    return seg_cli_fail (error);

  for (guint i = 0; i < sheets->len; i++)
    {
      SegImportSummary *summary = import_one (project, argv[1], g_ptr_array_index (sheets, i),
                                              g_ptr_array_index (tables, i), &error);

      if (summary == NULL)
        {
          /* The way out that the command line offers. */
          if (g_error_matches (error, SEG_IMPORT_ERROR, SEG_IMPORT_ERROR_EXTRA_COLUMNS))
            {
              g_autofree char *message = g_strdup_printf (_("%s (--ignore-extra-columns)"), error->message);

              g_free (error->message);
              error->message = g_steal_pointer (&message);
            }

          /* All the sheets or none: take back the tables this command
           * made before the failure. */
          for (guint k = 0; k < summaries->len; k++)
            {
              SegImportSummary *done = g_ptr_array_index (summaries, k);

              seg_project_drop_table (project, done->table, NULL);
            }
          return seg_cli_fail (error);
        }
      g_ptr_array_add (summaries, summary);
    }

  if (seg_cli_global.json)
    {
      g_autoptr(JsonNode) root = NULL;

      if (!workbook || import.append_to != NULL)
        root = summary_to_json (g_ptr_array_index (summaries, 0));
      else
        {
          g_autoptr(JsonArray) array = json_array_new ();

          for (guint i = 0; i < summaries->len; i++)
            {
              JsonNode *node = summary_to_json (g_ptr_array_index (summaries, i));

              json_object_set_string_member (json_node_get_object (node), "sheet", g_ptr_array_index (sheets, i));
              json_array_add_element (array, node);
            }
          root = json_node_init_array (json_node_alloc (), array);
        }
      seg_cli_print_json (root);
    }
  else if (!seg_cli_global.quiet)
    for (guint i = 0; i < summaries->len; i++)
      {
        if (workbook && g_ptr_array_index (sheets, i) != NULL)
          g_print (_("Sheet “%s”:\n"), (const char *) g_ptr_array_index (sheets, i));
        print_summary (g_ptr_array_index (summaries, i), workbook);
      }

  return SEG_CLI_EXIT_OK;
}

const SegCliCommand seg_cli_import = {
  "import", N_("FILE"), N_("Import a CSV, tab-separated or spreadsheet file as a table"),
  N_("FILE — import a CSV or tab-separated file, or the sheets of an .xlsx or .ods workbook, as tables"),
  N_("Imports a delimited text file into the project as a new table, or each sheet of a workbook as a table named after it. Encoding, delimiter, header and column types are detected from the whole file unless given; a workbook’s cells bring their own types. With --append-to, adds the rows to an existing table instead, all or none: the file’s columns are matched to the table’s by name, a column the file lacks is empty in the new rows, and values that do not fit the table’s types go to the rejects list as in an import."),
  import_entries, TRUE, NULL, import_check, import_run,
};

/* tables */

static int
tables_check (int    argc,
              char **argv)
{
  return argc == 1 ? SEG_CLI_EXIT_OK : seg_cli_usage_error (_("tables: unexpected argument “%s”"), argv[1]);
}

static int
tables_run (SegProject  *project,
            int          argc,
            char       **argv)
{
  g_autoptr(SegCliTable) table = seg_cli_table_new (_("NAME|ROWS|COLUMNS|REJECTED|SOURCE"),
                                                    "name|rows|columns|rejected|source", "lrrrl");
  g_autoptr(GPtrArray) tables = NULL;
  g_autoptr(GError) error = NULL;

  tables = seg_project_list_tables (project, &error);
  if (tables == NULL)
    return seg_cli_fail (error);

  for (guint i = 0; i < tables->len; i++)
    {
      SegTableInfo *info = g_ptr_array_index (tables, i);

      seg_cli_table_begin_row (table, NULL);
      seg_cli_table_add_string (table, "name", info->name);
      seg_cli_table_add_int (table, "rows", info->rows);
      seg_cli_table_add_int (table, "columns", info->columns->len);
      seg_cli_table_add_string (table, "source", info->source_file);
      seg_cli_table_add (table, "imported_at", seg_cli_json_string (info->imported_at), NULL);
      seg_cli_table_add_int (table, "rejected", info->rejected);
    }
  seg_cli_table_print (table);

  return SEG_CLI_EXIT_OK;
}

const SegCliCommand seg_cli_tables = {
  "tables", "", N_("List the tables with their row counts"),
  N_("— list the project’s tables"), NULL,
  NULL, FALSE, NULL, tables_check, tables_run,
};

/* schema */

static int
schema_check (int    argc,
              char **argv)
{
  return argc == 2 ? SEG_CLI_EXIT_OK : seg_cli_usage_error (_("schema: give one TABLE"));
}

static int
schema_run (SegProject  *project,
            int          argc,
            char       **argv)
{
  g_autoptr(SegCliTable) columns = seg_cli_table_new (_("#|NAME|TYPE|HEADER"), "#|name|type|header", "rlll");
  g_autoptr(SegTableInfo) info = NULL;
  g_autoptr(GError) error = NULL;

  info = seg_project_get_table (project, argv[1], &error);
  if (info == NULL)
    return seg_cli_fail (error);

  for (guint i = 0; i < info->columns->len; i++)
    {
      SegColumnInfo *column = g_ptr_array_index (info->columns, i);

      seg_cli_table_begin_row (columns, NULL);
      seg_cli_table_add (columns, "#", NULL, g_strdup_printf ("%u", i + 1));
      seg_cli_table_add_string (columns, "name", column->name);
      seg_cli_table_add_string (columns, "header", column->header);
      seg_cli_table_add_string (columns, "type", seg_column_type_to_string (column->type));
      seg_cli_table_add (columns, "inferred_type", seg_cli_json_string (seg_column_type_to_string (column->inferred_type)), NULL);
    }

  if (seg_cli_global.json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      seg_cli_json_add_string (builder, "table", info->name);
      seg_cli_json_add_int (builder, "rows", info->rows);
      seg_cli_json_add_string (builder, "source", info->source_file);
      seg_cli_json_add_string (builder, "encoding", info->encoding);
      seg_cli_json_add_string (builder, "delimiter", info->delimiter);
      seg_cli_json_add_string (builder, "imported_at", info->imported_at);
      seg_cli_json_add_int (builder, "padded", info->padded);
      seg_cli_json_add_int (builder, "rejected", info->rejected);
      seg_cli_json_add_node (builder, "columns", seg_cli_table_to_json (columns));
      json_builder_end_object (builder);
      seg_cli_print_builder (builder);
      return SEG_CLI_EXIT_OK;
    }

  /* Tables made by an analysis have no file; workbooks no delimiter. */
  if (info->source_file == NULL || info->origin != NULL)
    g_print (_("Table “%s”: %" PRId64 " rows, made by %s on %s\n"),
             info->name, info->rows, info->source_file ? info->source_file : _("an analysis"),
             info->imported_at ? info->imported_at : "");
  else if (info->delimiter == NULL || info->delimiter[0] == '\0')
    g_print (_("Table “%s”: %" PRId64 " rows from %s, imported %s\n"),
             info->name, info->rows, info->source_file, info->imported_at ? info->imported_at : "");
  else
    g_print (_("Table “%s”: %" PRId64 " rows from %s (%s, delimiter “%s”), imported %s\n"),
             info->name, info->rows, info->source_file,
             info->encoding ? info->encoding : "UTF-8",
             delimiter_name (info->delimiter[0]),
             info->imported_at ? info->imported_at : "");
  seg_cli_table_print_text (columns);

  return SEG_CLI_EXIT_OK;
}

const SegCliCommand seg_cli_schema = {
  "schema", N_("TABLE"), N_("Show a table’s columns, types and source"),
  N_("TABLE — show a table’s columns and where they came from"), NULL,
  NULL, FALSE, NULL, schema_check, schema_run,
};

/* head */

static int head_lines = 10;

static const GOptionEntry head_entries[] = {
  { "lines", 'n', 0, G_OPTION_ARG_INT, &head_lines, N_("How many rows (default 10)"), N_("N") },
  { NULL }
};

static int
head_check (int    argc,
            char **argv)
{
  if (argc != 2)
    return seg_cli_usage_error (_("head: give one TABLE"));
  if (head_lines < 0)
    return seg_cli_usage_error (_("-n: must not be negative"));

  return SEG_CLI_EXIT_OK;
}

static JsonNode *
value_to_json (const GValue *value)
{
  if (G_VALUE_HOLDS_BOOLEAN (value))
    return json_node_init_boolean (json_node_alloc (), g_value_get_boolean (value));
  if (G_VALUE_HOLDS_INT64 (value))
    return seg_cli_json_int (g_value_get_int64 (value));
  if (G_VALUE_HOLDS_DOUBLE (value))
    return seg_cli_json_double (g_value_get_double (value));
  if (G_VALUE_HOLDS_STRING (value))
    return seg_cli_json_string (g_value_get_string (value));

  return json_node_init_null (json_node_alloc ());
}

static int
head_run (SegProject  *project,
          int          argc,
          char       **argv)
{
  g_autoptr(SegCliTable) table = seg_cli_table_new (NULL, NULL, NULL);
  g_autoptr(SegTableRows) rows = NULL;
  g_autoptr(GError) error = NULL;

  rows = seg_project_read_rows (project, argv[1], head_lines, &error);
  if (rows == NULL)
    return seg_cli_fail (error);

  seg_cli_table_set_shape (table, SEG_CLI_ROWS_AS_ARRAYS);
  for (guint c = 0; c < rows->n_columns; c++)
    seg_cli_table_add_column (table, rows->names[c], rows->names[c],
                              rows->types[c] == SEG_COLUMN_INTEGER || rows->types[c] == SEG_COLUMN_REAL);
  for (guint r = 0; r < rows->n_rows; r++)
    {
      seg_cli_table_begin_row (table, NULL);
      for (guint c = 0; c < rows->n_columns; c++)
        seg_cli_table_add (table, rows->names[c],
                           value_to_json (seg_table_rows_get_value (rows, r, c)),
                           seg_table_rows_dup_text (rows, r, c));
    }

  if (seg_cli_global.json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      seg_cli_json_add_string (builder, "table", rows->table);
      json_builder_set_member_name (builder, "columns");
      json_builder_begin_array (builder);
      for (guint c = 0; c < rows->n_columns; c++)
        json_builder_add_string_value (builder, rows->names[c]);
      json_builder_end_array (builder);
      seg_cli_json_add_node (builder, "rows", seg_cli_table_to_json (table));
      json_builder_end_object (builder);
      seg_cli_print_builder (builder);
    }
  else
    seg_cli_table_print_text (table);

  return SEG_CLI_EXIT_OK;
}

const SegCliCommand seg_cli_head = {
  "head", N_("TABLE"), N_("Show the first rows of a table"),
  N_("TABLE — show the first rows of a table"), NULL,
  head_entries, FALSE, NULL, head_check, head_run,
};

/* rejects */

static int
rejects_check (int    argc,
               char **argv)
{
  return argc == 2 ? SEG_CLI_EXIT_OK : seg_cli_usage_error (_("rejects: give one TABLE"));
}

static int
rejects_run (SegProject  *project,
             int          argc,
             char       **argv)
{
  g_autoptr(SegCliTable) table = seg_cli_table_new (_("FILE|LINE|COLUMN|REASON|RAW"), "file|line|column|reason|raw", "lrrll");
  g_autoptr(SegTableInfo) info = NULL;
  g_autoptr(GPtrArray) rejects = NULL;
  g_autoptr(GError) error = NULL;

  info = seg_project_get_table (project, argv[1], &error);
  if (info != NULL)
    rejects = seg_project_list_rejects (project, info->name, &error);
  if (rejects == NULL)
    return seg_cli_fail (error);

  for (guint i = 0; i < rejects->len; i++)
    {
      SegReject *reject = g_ptr_array_index (rejects, i);

      seg_cli_table_begin_row (table, NULL);
      /* Rows added to the table later came from files of their own. */
      seg_cli_table_add_string (table, "file", reject->source_file != NULL ? reject->source_file : info->source_file);
      seg_cli_table_add_int (table, "line", reject->line);
      if (reject->column > 0)
        seg_cli_table_add_int (table, "column", reject->column);
      else
        seg_cli_table_add (table, "column", json_node_init_null (json_node_alloc ()), NULL);
      seg_cli_table_add_string (table, "reason", reject->reason);
      seg_cli_table_add_string (table, "raw", reject->raw);
    }

  if (!seg_cli_global.json && seg_cli_table_get_n_rows (table) == 0)
    g_print (_("No rejected rows in “%s”.\n"), info->name);
  else
    seg_cli_table_print (table);

  return SEG_CLI_EXIT_OK;
}

const SegCliCommand seg_cli_rejects = {
  "rejects", N_("TABLE"), N_("Show the rows an import set aside, with reasons"),
  N_("TABLE — show the rows an import could not store, with the reason"), NULL,
  NULL, FALSE, NULL, rejects_check, rejects_run,
};

/* export */

static struct
{
  char     *output;
  gboolean  bom;
  gboolean  raw;
  int       cluster;
  gboolean  figures;
  char     *segment;
  char     *key;
} export;

static const GOptionEntry export_entries[] = {
  { "output", 'o', 0, G_OPTION_ARG_FILENAME, &export.output, N_("The file to write: CSV, an Excel workbook if it ends in .xlsx, or - for standard output (CSV)"), N_("FILE") },
  { "bom", 0, 0, G_OPTION_ARG_NONE, &export.bom, N_("Start with a byte order mark, so that Excel reads UTF-8"), NULL },
  { "raw", 0, 0, G_OPTION_ARG_NONE, &export.raw, N_("Write text exactly, without guarding cells that spreadsheets would run as formulas"), NULL },
  { "cluster", 0, 0, G_OPTION_ARG_INT, &export.cluster, N_("Only the rows of this cluster of a run’s result table: a target list, naming each row’s segment and leaving out the map’s coordinates and silhouettes"), N_("N") },
  { "figures", 0, 0, G_OPTION_ARG_NONE, &export.figures, N_("With --cluster: keep the map’s coordinates and silhouettes, rounded to 3 decimals"), NULL },
  { "segment", 0, 0, G_OPTION_ARG_STRING, &export.segment, N_("Only the rows of this saved segment’s customers"), N_("SEGMENT") },
  { "key", 0, 0, G_OPTION_ARG_STRING, &export.key, N_("With --segment: the column naming the customers (default: guessed)"), N_("COLUMN") },
  { NULL }
};

/* The rows of @table naming a saved segment's customers: in the column
 * given, the one the segment was read from, or the likeliest. */
static gboolean
segment_rows (SegProject  *project,
              const char  *table,
              guint8     **keep,
              gsize       *n_keep,
              GError     **error)
{
  g_autoptr(SegSegment) segment = NULL;
  g_autoptr(SegTableInfo) info = NULL;
  g_autofree char *own_table = NULL;
  g_autofree char *own_key = NULL;
  GError *local_error = NULL;
  const char *key = export.key;

  segment = seg_project_find_input_segment (project, export.segment, &local_error);
  if (segment == NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  info = seg_project_get_table (project, table, error);
  if (info == NULL)
    return FALSE;
  if (key == NULL &&
      seg_project_locate_segment (project, segment, &own_table, &own_key, NULL) &&
      g_ascii_strcasecmp (own_table, info->name) == 0)
    key = own_key;
  if (key == NULL)
    key = seg_segment_guess_column (segment, info);
  if (key == NULL)
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                   _("--key: the table “%s” has no column naming customers; name one"), info->name);
      return FALSE;
    }

  *keep = seg_project_read_member_flags (project, info->name, key, seg_segment_get_id (segment), n_keep, error);
  return *keep != NULL;
}

static int
export_check (int    argc,
              char **argv)
{
  if (argc != 2)
    return seg_cli_usage_error (_("export: give one TABLE"));
  if (export.output == NULL)
    return seg_cli_usage_error (_("export: no output given: use -o FILE or -o -"));
  if (export.cluster < 0)
    return seg_cli_usage_error (_("--cluster: give a cluster number from 1"));
  if (export.figures && export.cluster == 0)
    return seg_cli_usage_error (_("--figures: goes with --cluster"));
  if (export.cluster > 0 && export.segment != NULL)
    return seg_cli_usage_error (_("export: give --cluster or --segment, not both"));
  if (export.key != NULL && export.segment == NULL)
    return seg_cli_usage_error (_("--key: only with --segment"));

  return SEG_CLI_EXIT_OK;
}

/* The profile of the run whose result table @table is, for its segments'
 * names; NULL without error when no run wrote it. */
static SegProfile *
profile_of_result_table (SegProject  *project,
                         const char  *table,
                         GError     **error)
{
  g_autoptr(GPtrArray) runs = seg_project_list_runs (project, error);

  for (guint i = 0; runs != NULL && i < runs->len; i++)
    {
      SegRunRecord *record = g_ptr_array_index (runs, i);

      if (record->result_tables != NULL && record->result_tables[0] != NULL &&
          g_ascii_strcasecmp (record->result_tables[0], table) == 0)
        return seg_project_profile (project, record->id, NULL, error);
    }

  return NULL;
}

static int
export_run (SegProject  *project,
            int          argc,
            char       **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GOutputStream) out = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree guint8 *keep = NULL;
  g_autoptr(SegProfile) profile = NULL;
  g_auto(GStrv) names = NULL;
  SegTargetList target = { NULL, NULL, FALSE };
  SegExportRows rows;
  gboolean written;
  gsize n_keep = 0;
  SegExportFlags flags = SEG_EXPORT_NONE;

  if (!seg_project_has_table (project, argv[1]))
    {
      g_set_error (&error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_NO_SUCH_TABLE,
                   _("The project has no table “%s”"), argv[1]);
      return seg_cli_fail (error);
    }

  if (export.cluster > 0 && !seg_project_cluster_rows (project, argv[1], export.cluster, &keep, &n_keep, &error))
    return seg_cli_fail (error);
  if (export.segment != NULL && !segment_rows (project, argv[1], &keep, &n_keep, &error))
    return seg_cli_fail (error);

  if (export.bom)
    flags |= SEG_EXPORT_BOM;
  if (export.raw)
    flags |= SEG_EXPORT_RAW;

  if (export.cluster > 0)
    profile = profile_of_result_table (project, argv[1], &error);
  if (error != NULL)
    return seg_cli_fail (error);
  if (profile != NULL)
    {
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

      /* The clusters in order of their numbers, the noise apart. */
      for (int c = 1; c <= (int) profile->clusters->len; c++)
        for (guint i = 0; i < profile->clusters->len; i++)
          if (((SegClusterProfile *) g_ptr_array_index (profile->clusters, i))->cluster == c)
            g_strv_builder_add (builder, ((SegClusterProfile *) g_ptr_array_index (profile->clusters, i))->name);
      for (guint i = 0; i < profile->clusters->len; i++)
        if (((SegClusterProfile *) g_ptr_array_index (profile->clusters, i))->cluster == 0)
          target.noise = ((SegClusterProfile *) g_ptr_array_index (profile->clusters, i))->name;
      names = g_strv_builder_end (builder);
      target.names = (const char *const *) names;
      target.figures = export.figures;
    }

  rows = (SegExportRows) { argv[1], keep, n_keep, NULL, profile != NULL ? &target : NULL };
  if (seg_export_path_is_xlsx (export.output))
    {
      file = g_file_new_for_commandline_arg (export.output);
      if (!seg_project_export_xlsx_file (project, &rows, file, NULL, &error))
        return seg_cli_fail (error);
      return SEG_CLI_EXIT_OK;
    }

  if (g_strcmp0 (export.output, "-") == 0)
    out = g_unix_output_stream_new (STDOUT_FILENO, FALSE);
  else
    {
      /* g_file_replace() writes a temporary file and renames it over the
       * target only when everything was written. */
      file = g_file_new_for_commandline_arg (export.output);
      out = G_OUTPUT_STREAM (g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, &error));
      if (out == NULL)
        return seg_cli_fail (error);
    }

  written = seg_project_export_rows (project, &rows, out, flags, NULL, &error);

  if (!written)
    {
      if (file != NULL)
        {
          g_autoptr(GCancellable) abort = g_cancellable_new ();

          /* Closing with a cancelled cancellable leaves the old file. */
          g_cancellable_cancel (abort);
          g_output_stream_close (out, abort, NULL);
        }
      return seg_cli_fail (error);
    }

  if (!g_output_stream_close (out, NULL, &error))
    return seg_cli_fail (error);

  return SEG_CLI_EXIT_OK;
}

const SegCliCommand seg_cli_export = {
  "export", N_("TABLE"), N_("Write a table as CSV or as an Excel workbook"),
  N_("TABLE — write a table as CSV, or as an Excel workbook (-o FILE.xlsx)"),
  N_("Writes UTF-8 CSV (RFC 4180): ISO 8601 dates, '.' as decimal mark, numbers in their shortest exact form. Text cells that begin with = + - @ tab or carriage return get a leading ' unless --raw. An output named .xlsx is an Excel workbook instead: typed cells, dates with a date format, a bold header row that stays in view."),
  export_entries, FALSE, NULL, export_check, export_run,
};
