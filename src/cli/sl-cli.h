#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "sl-store.h"

G_BEGIN_DECLS

/* Exit statuses of shortlist-cli. */
enum {
  SL_CLI_EXIT_OK = 0,
  SL_CLI_EXIT_FAILED = 1,     /* the command ran and something failed */
  SL_CLI_EXIT_USAGE = 2,      /* bad arguments, or a refusal the caller can fix */
};

typedef struct _SlCli SlCli;

typedef int (*SlCliCommandFunc) (SlCli  *cli,
                                 int     argc,
                                 char  **argv);

typedef struct
{
  const char       *name;       /* "job", "candidate", … */
  const char       *summary;    /* untranslated; marked with N_() */
  SlCliCommandFunc  run;        /* argv[0] is the command name */
} SlCliCommand;

gboolean    sl_cli_get_json        (SlCli        *cli);
const char *sl_cli_get_db_path     (SlCli        *cli);
/* Opens the database on first use; NULL after reporting the error. */
SlStore    *sl_cli_get_store       (SlCli        *cli);

/* Prints one JSON object as one line on stdout. Takes ownership of node. */
void        sl_cli_print_json      (SlCli        *cli,
                                    JsonNode     *node);
/* Prints a human line on stdout (text mode only). */
void        sl_cli_print           (SlCli        *cli,
                                    const char   *format,
                                    ...) G_GNUC_PRINTF (2, 3);
/* Reports an error (text or JSON on stderr) and returns exit_status. */
int         sl_cli_fail            (SlCli        *cli,
                                    int           exit_status,
                                    const char   *code,
                                    const char   *format,
                                    ...) G_GNUC_PRINTF (4, 5);
/* Reports a GError with a stable code derived from its domain. */
int         sl_cli_fail_error      (SlCli        *cli,
                                    const GError *error);
/* Parses options for a subcommand; reports usage errors itself. */
gboolean    sl_cli_parse_options   (SlCli        *cli,
                                    GOptionContext *context,
                                    int          *argc,
                                    char       ***argv,
                                    int          *exit_status);
gboolean    sl_cli_parse_id        (SlCli        *cli,
                                    const char   *text,
                                    const char   *what,
                                    gint64       *id,
                                    int          *exit_status);
/* Reads a small text file, validated as UTF-8 and limited in size. */
char       *sl_cli_read_text_file  (const char   *path,
                                    gsize         max_size,
                                    GError      **error) G_GNUC_WARN_UNUSED_RESULT;
/* Runs the subcommand named by argv[1] from a table, or reports usage. */
int         sl_cli_dispatch        (SlCli              *cli,
                                    int                 argc,
                                    char              **argv,
                                    const SlCliCommand *subcommands,
                                    guint               n_subcommands,
                                    const char         *usage);
/* A stable error code ("not_found", "invalid", …) for a GError. */
const char *sl_cli_error_code      (const GError *error);

/* Command groups, one file each. */
int sl_cli_job_run       (SlCli *cli, int argc, char **argv);
int sl_cli_candidate_run (SlCli *cli, int argc, char **argv);
int sl_cli_check_run     (SlCli *cli, int argc, char **argv);
int sl_cli_import_run    (SlCli *cli, int argc, char **argv);
int sl_cli_skill_run     (SlCli *cli, int argc, char **argv);
int sl_cli_bench_run     (SlCli *cli, int argc, char **argv);
int sl_cli_embed_run     (SlCli *cli, int argc, char **argv);
int sl_cli_sync_run      (SlCli *cli, int argc, char **argv);
int sl_cli_screen_run    (SlCli *cli, int argc, char **argv);
int sl_cli_search_run    (SlCli *cli, int argc, char **argv);
/* sl-cli-train.c: reviews, training, model versions and the training data exchange. */
int sl_cli_review_run          (SlCli *cli, int argc, char **argv);
int sl_cli_training_status_run (SlCli *cli, int argc, char **argv);
int sl_cli_train_run           (SlCli *cli, int argc, char **argv);
int sl_cli_models_run          (SlCli *cli, int argc, char **argv);
int sl_cli_export_training_run (SlCli *cli, int argc, char **argv);
int sl_cli_import_training_run (SlCli *cli, int argc, char **argv);
int sl_cli_bench_train         (SlCli *cli, int argc, char **argv);
int sl_cli_aws_run       (SlCli *cli, int argc, char **argv);
int sl_cli_interview_run (SlCli *cli, int argc, char **argv);

G_END_DECLS
