#define G_LOG_DOMAIN "sl-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "sl-cli.h"
#include "sl-outbox-runner.h"

int
sl_cli_sync_run (SlCli  *cli,
                 int     argc,
                 char  **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— do the cloud work waiting in the outbox"));
  g_autoptr(GError) error = NULL;
  SlStore *store;
  guint n_done = 0;
  guint n_failed = 0;
  int status = SL_CLI_EXIT_OK;

  if (!sl_cli_parse_options (cli, context, &argc, &argv, &status))
    return status;
  if (argc > 1)
    return sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "usage", _("Usage: shortlist-cli sync"));
  if (!(store = sl_cli_get_store (cli)))
    return SL_CLI_EXIT_FAILED;
  if (!sl_outbox_drain_once (store, &n_done, &n_failed, NULL, &error))
    return sl_cli_fail_error (cli, error);

  if (sl_cli_get_json (cli))
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "done");
      json_builder_add_int_value (builder, n_done);
      json_builder_set_member_name (builder, "failed");
      json_builder_add_int_value (builder, n_failed);
      json_builder_end_object (builder);
      sl_cli_print_json (cli, json_builder_get_root (builder));
    }
  else
    {
      /* Translators: the counts of cloud jobs done and of jobs that will be retried. */
      sl_cli_print (cli, _("%u done, %u to retry later"), n_done, n_failed);
    }
  /* Failed items stay queued: the exit status says whether anything failed. */
  return n_failed > 0 ? SL_CLI_EXIT_FAILED : SL_CLI_EXIT_OK;
}
