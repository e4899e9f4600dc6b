#define G_LOG_DOMAIN "sl-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "sl-cli.h"
#include "sl-importer.h"

typedef struct
{
  SlCli *cli;
  guint  n_imported;
  guint  n_duplicates;
  guint  n_failed;
} ImportRun;

static JsonNode *
result_to_json (const SlImportResult *result)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "path");
  json_builder_add_string_value (builder, result->path);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, sl_import_status_to_string (result->status));
  switch (result->status)
    {
    case SL_IMPORT_STATUS_IMPORTED:
      json_builder_set_member_name (builder, "candidate_id");
      json_builder_add_int_value (builder, result->candidate_id);
      break;
    case SL_IMPORT_STATUS_DUPLICATE:
      json_builder_set_member_name (builder, "candidate_id");
      json_builder_add_int_value (builder, result->candidate_id);
      json_builder_set_member_name (builder, "duplicate_of");
      json_builder_add_int_value (builder, result->candidate_id);
      json_builder_set_member_name (builder, "reason");
      json_builder_add_string_value (builder, sl_duplicate_reason_to_string (result->duplicate_reason));
      break;
    case SL_IMPORT_STATUS_ERROR:
    default:
      json_builder_set_member_name (builder, "error");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "code");
      json_builder_add_string_value (builder, sl_import_result_get_error_code (result));
      json_builder_set_member_name (builder, "message");
      json_builder_add_string_value (builder, result->error != NULL ? result->error->message : "");
      json_builder_end_object (builder);
      break;
    }
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static void
progress_cb (const SlImportResult *result,
             guint                 done,
             guint                 total,
             gpointer              user_data)
{
  ImportRun *run = user_data;
  g_autofree char *display = g_filename_display_name (result->path);

  if (result->status == SL_IMPORT_STATUS_ERROR)
    run->n_failed++;
  else if (result->status == SL_IMPORT_STATUS_DUPLICATE)
    run->n_duplicates++;
  else
    run->n_imported++;

  if (sl_cli_get_json (run->cli))
    {
      sl_cli_print_json (run->cli, result_to_json (result));
      return;
    }

  switch (result->status)
    {
    case SL_IMPORT_STATUS_IMPORTED:
      /* Translators: %1$s is a file name, %2$ld the new candidate's number. */
      sl_cli_print (run->cli, _("%1$s: imported as candidate %2$" G_GINT64_FORMAT),
                    display, result->candidate_id);
      break;
    case SL_IMPORT_STATUS_DUPLICATE:
      /* Translators: %1$s is a file name, %2$ld an existing candidate's number. */
      sl_cli_print (run->cli, _("%1$s: duplicate of candidate %2$" G_GINT64_FORMAT),
                    display, result->candidate_id);
      break;
    case SL_IMPORT_STATUS_ERROR:
    default:
      /* Translators: %1$s is a file name, %2$s the reason it was not imported. */
      g_printerr (_("%1$s: not imported: %2$s\n"), display,
                  result->error != NULL ? result->error->message : "");
      break;
    }
}

int
sl_cli_import_run (SlCli  *cli,
                   int     argc,
                   char  **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("PATH… — import resumes (folders recurse)"));
  g_autoptr(SlImporter) importer = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *job_text = NULL;
  ImportRun run = { cli, 0, 0, 0 };
  SlStore *store;
  gint64 job_id = 0;
  int timeout = 0;
  int status = SL_CLI_EXIT_OK;
  const GOptionEntry entries[] = {
    { "job", 'j', 0, G_OPTION_ARG_STRING, &job_text, N_("Link the candidates to this job"), N_("ID") },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &timeout,
      N_("Seconds allowed to read one file (default 20)"), N_("SECONDS") },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!sl_cli_parse_options (cli, context, &argc, &argv, &status))
    return status;
  if (argc < 2)
    return sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "usage",
                        _("Usage: shortlist-cli import [--job ID] PATH…"));
  if (job_text != NULL && !sl_cli_parse_id (cli, job_text, _("job"), &job_id, &status))
    return status;
  if (timeout < 0 || timeout > 3600)
    return sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "usage", _("The timeout must be between 1 and 3600 seconds"));

  if (!(store = sl_cli_get_store (cli)))
    return SL_CLI_EXIT_FAILED;
  if (job_id > 0)
    {
      g_autoptr(SlJob) job = NULL;

      if (!(job = sl_store_get_job (store, job_id, &error)))
        {
          sl_cli_fail_error (cli, error);
          return SL_CLI_EXIT_USAGE;
        }
    }

  importer = sl_importer_new (store, NULL, NULL);
  sl_importer_set_job_id (importer, job_id);
  if (timeout > 0)
    sl_extractor_set_timeout (sl_importer_get_extractor (importer), timeout * 1000);

  if (!(results = sl_importer_import (importer, (const char * const *)argv + 1,
                                      progress_cb, &run, NULL, &error)))
    return sl_cli_fail_error (cli, error);

  sl_extractor_shutdown (sl_importer_get_extractor (importer));
  /* Translators: the three numbers of files imported, found to be duplicates, and failed. */
  sl_cli_print (cli, _("Imported: %1$u; duplicates: %2$u; not imported: %3$u"),
                run.n_imported, run.n_duplicates, run.n_failed);
  return run.n_failed > 0 ? SL_CLI_EXIT_FAILED : SL_CLI_EXIT_OK;
}
