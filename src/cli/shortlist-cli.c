#define G_LOG_DOMAIN "shortlist-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>

#include "sl-cli-private.h"

static const SlCliCommand commands[] = {
  { "job",       N_("Add, list, show, edit and delete jobs"),     sl_cli_job_run },
  { "candidate", N_("Add, list, show and erase candidates"),      sl_cli_candidate_run },
  { "check",     N_("Check the database’s integrity"),            sl_cli_check_run },
  { "import",    N_("Import resumes from files and folders"),     sl_cli_import_run },
  { "skill",     N_("Add, list and remove your own skills"),      sl_cli_skill_run },
  { "screen",    N_("Rank and screen candidates for a job"),      sl_cli_screen_run },
  { "search",    N_("Find candidates by meaning and keywords"),   sl_cli_search_run },
  { "embed",     N_("Print the embedding vector of a text"),      sl_cli_embed_run },
  { "bench",     N_("Measure search and training speed")    ,      sl_cli_bench_run },
  { "review",          N_("Record a decision on a screening result"),   sl_cli_review_run },
  { "training-status", N_("Show how far the training data has come"),   sl_cli_training_status_run },
  { "train",           N_("Train a new model version"),                 sl_cli_train_run },
  { "models",          N_("List, activate, roll back and shadow models"), sl_cli_models_run },
  { "export-training", N_("Write the training data as CSV"),            sl_cli_export_training_run },
  { "import-training", N_("Import labelled decisions from CSV"),        sl_cli_import_training_run },
  { "sync",      N_("Do the cloud work waiting in the outbox"),   sl_cli_sync_run },
  { "aws",       N_("Check the AWS services, sign test requests"), sl_cli_aws_run },
  { "interview", N_("Practise interviews: questions, recording, analysis"), sl_cli_interview_run },
};

static void
print_help (FILE *stream)
{
  fprintf (stream, "%s\n\n",
           _("Usage: shortlist-cli [--db FILE] [--json] [--verbose] COMMAND [ARGUMENTS…]"));
  fprintf (stream, "%s\n\n", _("Shortlist on the command line: screening and interview practice without a display."));
  fprintf (stream, "%s\n", _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (stream, "  %-16s %s\n", commands[i].name, _(commands[i].summary));
  fprintf (stream, "\n%s\n", _("Global options (accepted anywhere on the line):"));
  fprintf (stream, "  --db FILE      %s\n", _("Use this database instead of the default one"));
  fprintf (stream, "  --json         %s\n", _("Print one JSON object per line; errors as JSON on stderr"));
  fprintf (stream, "  --verbose      %s\n", _("Print debugging messages"));
  fprintf (stream, "  --version      %s\n", _("Print the version and exit"));
  fprintf (stream, "  --help         %s\n", _("Print this help; “COMMAND --help” for a command"));
  fprintf (stream, "\n%s\n", _("Exit status: 0 success, 1 failure, 2 bad usage or a refusal."));
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GPtrArray) rest = g_ptr_array_new ();
  g_autofree char *db_path = NULL;
  SlCli cli = { 0 };
  gboolean want_help = FALSE;
  gboolean want_version = FALSE;
  gboolean after_separator = FALSE;
  const SlCliCommand *command = NULL;
  int status;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_prgname ("shortlist-cli");

  /* Global options may appear anywhere, before or after the command. */
  for (int i = 0; i < argc; i++)
    {
      const char *arg = argv[i];

      if (i == 0 || after_separator)
        g_ptr_array_add (rest, argv[i]);
      else if (g_strcmp0 (arg, "--") == 0)
        {
          after_separator = TRUE;
          g_ptr_array_add (rest, argv[i]);
        }
      else if (g_strcmp0 (arg, "--json") == 0)
        cli.json = TRUE;
      else if (g_strcmp0 (arg, "--verbose") == 0)
        cli.verbose = TRUE;
      else if (g_strcmp0 (arg, "--version") == 0)
        want_version = TRUE;
      else if (g_strcmp0 (arg, "--db") == 0)
        {
          if (i + 1 >= argc)
            return sl_cli_fail (&cli, SL_CLI_EXIT_USAGE, "usage", _("--db needs a file name"));
          g_free (db_path);
          db_path = g_strdup (argv[++i]);
        }
      else if (g_str_has_prefix (arg, "--db="))
        {
          g_free (db_path);
          db_path = g_strdup (arg + strlen ("--db="));
        }
      else if ((g_strcmp0 (arg, "--help") == 0 || g_strcmp0 (arg, "-h") == 0) && rest->len == 1)
        want_help = TRUE;
      else
        g_ptr_array_add (rest, argv[i]);
    }
  g_ptr_array_add (rest, NULL);

  if (cli.verbose)
    g_log_set_debug_enabled (TRUE);

  if (want_version)
    {
      if (cli.json)
        {
          g_autoptr(JsonBuilder) builder = json_builder_new ();

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "version");
          json_builder_add_string_value (builder, PACKAGE_VERSION);
          json_builder_set_member_name (builder, "schema");
          json_builder_add_int_value (builder, sl_store_get_schema_version ());
          json_builder_end_object (builder);
          sl_cli_print_json (&cli, json_builder_get_root (builder));
        }
      else
        printf ("shortlist-cli %s\n", PACKAGE_VERSION);
      return SL_CLI_EXIT_OK;
    }

  if (want_help || rest->len < 3)
    {
      print_help (want_help ? stdout : stderr);
      return want_help ? SL_CLI_EXIT_OK : SL_CLI_EXIT_USAGE;
    }

  if (db_path != NULL && db_path[0] == '\0')
    return sl_cli_fail (&cli, SL_CLI_EXIT_USAGE, "usage", _("--db needs a file name"));
  cli.db_path = db_path != NULL ? g_strdup (db_path) : sl_store_dup_default_path ();

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (g_strcmp0 (commands[i].name, g_ptr_array_index (rest, 1)) == 0)
        command = &commands[i];
    }
  if (command == NULL)
    {
      status = sl_cli_fail (&cli, SL_CLI_EXIT_USAGE, "unknown_command",
                            _("Unknown command “%s”; see “shortlist-cli --help”"),
                            (const char *)g_ptr_array_index (rest, 1));
    }
  else
    {
      status = command->run (&cli, rest->len - 2, (char **)rest->pdata + 1);
    }

  g_clear_object (&cli.store);
  g_free (cli.db_path);
  return status;
}
