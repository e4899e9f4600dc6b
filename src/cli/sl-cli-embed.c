/* sl-cli-embed.c: “shortlist-cli embed TEXT”, a vector for a text. */
#define G_LOG_DOMAIN "sl-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "sl-cli.h"
#include "sl-lexical-embedder.h"
#include "sl-store-matching.h"

int
sl_cli_embed_run (SlCli  *cli,
                  int     argc,
                  char  **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("TEXT — print the embedding of a text"));
  g_autofree char *provider = NULL;
  g_autoptr(SlLexicalEmbedder) embedder = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree float *vector = NULL;
  gboolean use_stats = FALSE;
  int status = SL_CLI_EXIT_OK;
  int dim = 0;
  guint n;
  const GOptionEntry entries[] = {
    { "provider", 'p', 0, G_OPTION_ARG_STRING, &provider, N_("lexical (default, offline) or bedrock"), N_("NAME") },
    { "dim", 'd', 0, G_OPTION_ARG_INT, &dim, N_("Dimension of the lexical embedder (default 512)"), N_("DIM") },
    { "corpus-stats", 0, 0, G_OPTION_ARG_NONE, &use_stats,
      N_("Weigh words by the database’s term statistics (IDF)"), NULL },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!sl_cli_parse_options (cli, context, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "usage",
                        _("Usage: shortlist-cli embed [--provider lexical|bedrock] TEXT"));
  if (!g_utf8_validate (argv[1], -1, NULL))
    return sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "invalid_text", _("Arguments must be UTF-8 text"));
  if (dim < 0 || dim > 4096)
    return sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "usage", _("--dim must be between 1 and 4096"));
  if (provider != NULL && g_str_equal (provider, "bedrock"))
    return sl_cli_fail (cli, SL_CLI_EXIT_FAILED, "unavailable",
                        _("The Bedrock provider is not configured on this computer"));
  if (provider != NULL && !g_str_equal (provider, "lexical"))
    return sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "usage",
                        _("Unknown provider “%s”: use lexical or bedrock"), provider);

  embedder = sl_lexical_embedder_new (dim);
  if (use_stats)
    {
      g_autoptr(GHashTable) doc_freq = NULL;
      gint64 n_documents = 0;
      SlStore *store;

      if (!(store = sl_cli_get_store (cli)))
        return SL_CLI_EXIT_FAILED;
      if (!sl_store_load_term_stats (store, &doc_freq, &n_documents, &error))
        return sl_cli_fail_error (cli, error);
      sl_lexical_embedder_set_term_stats (embedder, doc_freq, n_documents);
    }
  if (!(vector = sl_embedder_embed (SL_EMBEDDER (embedder), argv[1], NULL, &error)))
    return sl_cli_fail_error (cli, error);

  n = sl_embedder_get_dimension (SL_EMBEDDER (embedder));
  if (sl_cli_get_json (cli))
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "model");
      json_builder_add_string_value (builder, sl_embedder_get_model_id (SL_EMBEDDER (embedder)));
      json_builder_set_member_name (builder, "dimension");
      json_builder_add_int_value (builder, n);
      json_builder_set_member_name (builder, "vector");
      json_builder_begin_array (builder);
      for (guint i = 0; i < n; i++)
        json_builder_add_double_value (builder, vector[i]);
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      sl_cli_print_json (cli, json_builder_get_root (builder));
    }
  else
    {
      g_autoptr(GString) line = g_string_new (NULL);

      for (guint i = 0; i < n; i++)
        g_string_append_printf (line, "%s%.6f", i == 0 ? "" : " ", vector[i]);
      sl_cli_print (cli, "%s (%u)", sl_embedder_get_model_id (SL_EMBEDDER (embedder)), n);
      sl_cli_print (cli, "%s", line->str);
    }
  return SL_CLI_EXIT_OK;
}
