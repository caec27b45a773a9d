/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "seg-project.h"

G_BEGIN_DECLS

/* Exit statuses, as documented in --help. */
enum {
  SEG_CLI_EXIT_OK = 0,
  SEG_CLI_EXIT_BAD_INPUT = 1,
  SEG_CLI_EXIT_USAGE = 2,
};

/* The options every command takes, before or after its name. */
typedef struct
{
  char     *project_path;
  gboolean  json;
  gboolean  quiet;
} SegCliGlobal;

extern SegCliGlobal seg_cli_global;

/**
 * SegCliCommand:
 * @name: what is typed after segmenta-cli
 * @args: its arguments in the command list, such as "TABLE", or ""
 * @summary: its line in the command list
 * @parameter_string: the first line of its --help
 * @description: (nullable): the paragraph of its --help
 * @entries: (nullable): its options; they point at static storage
 * @create_project: whether a missing project file is created
 * @add_options: (nullable): adds options that are not a static table
 * @check: (nullable): checks the arguments before the project is opened
 *   and returns an exit status, %SEG_CLI_EXIT_OK to go on
 * @run: does the work on the open project and returns the exit status
 *
 * One command: everything but @run is the same for every command and is
 * done by seg_cli_command_run().
 */
typedef struct
{
  const char          *name;
  const char          *args;
  const char          *summary;
  const char          *parameter_string;
  const char          *description;
  const GOptionEntry  *entries;
  gboolean             create_project;
  void               (*add_options) (GOptionContext *context);
  int                (*check)       (int             argc,
                                     char          **argv);
  int                (*run)         (SegProject     *project,
                                     int             argc,
                                     char          **argv);
} SegCliCommand;

void      seg_cli_add_global_options (GOptionContext       *context);
int       seg_cli_command_run        (const SegCliCommand  *command,
                                      int                   argc,
                                      char                **argv);

int       seg_cli_exit_status        (const GError         *error);
int       seg_cli_fail               (const GError         *error);
int       seg_cli_usage_error        (const char           *format,
                                      ...) G_GNUC_PRINTF (1, 2);
void      seg_cli_as_option_error    (GError              **error);

int       seg_cli_display_width      (const char           *text);
void      seg_cli_print_padded       (const char           *text,
                                      int                   width,
                                      gboolean              right);
gboolean  seg_cli_parse_run_id       (const char           *text,
                                      gint64               *id);
int       seg_cli_check_run_id       (int                   argc,
                                      char                **argv,
                                      const char           *wrong_count,
                                      const char           *not_a_number);
char     *seg_cli_local_minute       (const char           *iso);

/* One progress bar on standard error for every long command. */
typedef struct _SegCliProgress SegCliProgress;

SegCliProgress *seg_cli_progress_new  (gpointer         object,
                                       const char      *fraction_property,
                                       const char      *message_property);
void            seg_cli_progress_free (SegCliProgress  *progress);
void            seg_cli_progress_stop (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SegCliProgress, seg_cli_progress_free)

/* Rows printed as aligned text, or as JSON with --json. */
typedef enum
{
  SEG_CLI_ROWS_AS_OBJECTS, /* an array of objects, one member a cell */
  SEG_CLI_ROWS_AS_ARRAYS,  /* an array of arrays of the cells */
  SEG_CLI_ROWS_BY_NAME,    /* an object with an object per row name */
} SegCliRowsShape;

typedef struct _SegCliTable SegCliTable;

SegCliTable *seg_cli_table_new        (const char       *headings,
                                       const char       *keys,
                                       const char       *alignment);
void         seg_cli_table_free       (SegCliTable      *self);
void         seg_cli_table_set_shape  (SegCliTable      *self,
                                       SegCliRowsShape   shape);
void         seg_cli_table_add_column (SegCliTable      *self,
                                       const char       *key,
                                       const char       *heading,
                                       gboolean          right);
guint        seg_cli_table_get_n_rows (SegCliTable      *self);
void         seg_cli_table_begin_row  (SegCliTable      *self,
                                       const char       *name);
void         seg_cli_table_add        (SegCliTable      *self,
                                       const char       *key,
                                       JsonNode         *json,
                                       char             *text);
void         seg_cli_table_add_string (SegCliTable      *self,
                                       const char       *key,
                                       const char       *value);
void         seg_cli_table_add_int    (SegCliTable      *self,
                                       const char       *key,
                                       gint64            value);
JsonNode    *seg_cli_table_to_json    (SegCliTable      *self);
void         seg_cli_table_print_text (SegCliTable      *self);
void         seg_cli_table_print      (SegCliTable      *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SegCliTable, seg_cli_table_free)

/* JSON values and members. */
JsonNode *seg_cli_json_string         (const char  *value);
JsonNode *seg_cli_json_int            (gint64       value);
JsonNode *seg_cli_json_double         (double       value);
JsonNode *seg_cli_json_double_or_null (double       value);
void      seg_cli_json_add_string     (JsonBuilder *builder,
                                       const char  *name,
                                       const char  *value);
void      seg_cli_json_add_int        (JsonBuilder *builder,
                                       const char  *name,
                                       gint64       value);
void      seg_cli_json_add_boolean    (JsonBuilder *builder,
                                       const char  *name,
                                       gboolean     value);
void      seg_cli_json_add_double     (JsonBuilder *builder,
                                       const char  *name,
                                       double       value);
void      seg_cli_json_add_node       (JsonBuilder *builder,
                                       const char  *name,
                                       JsonNode    *value);
void      seg_cli_print_json          (JsonNode    *root);
void      seg_cli_print_builder       (JsonBuilder *builder);

double    seg_cli_metric              (JsonObject  *metrics,
                                       const char  *name);
char     *seg_cli_format_metric       (double       value);

G_END_DECLS
