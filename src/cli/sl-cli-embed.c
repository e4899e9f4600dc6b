/* sl-cli-embed.c: “shortlist-cli embed TEXT”, a vector for a text, and
 * “shortlist-cli embed --all”, every candidate's vector for a provider (what
 * the app does in the background when the provider changes). */
#define G_LOG_DOMAIN "sl-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "sl-cli.h"
#include "sl-embedder-factory.h"
#include "sl-lexical-embedder.h"
#include "sl-search.h"
#include "sl-store-matching.h"

static void
progress_cb (SlSearch   *search,
             GParamSpec *pspec,
             SlCli      *cli)
{
  double progress = sl_search_get_progress (search);

  if (sl_cli_get_json (cli))
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "progress");
      json_builder_add_double_value (builder, progress);
      json_builder_end_object (builder);
      sl_cli_print_json (cli, json_builder_get_root (builder));
    }
  else
    {
      /* Translators: progress of embedding every candidate. */
      g_printerr (_("Embedding: %.0f %%\n"), progress * 100);
    }
}

/* Embeds every candidate without a vector of the provider's model, going
 * on where an earlier run stopped; the same path as the app's switch. */
static int
embed_all (SlCli      *cli,
           const char *provider)
{
  g_autoptr(SlEmbedder) embedder = NULL;
  g_autoptr(SlSearch) search = NULL;
  g_autoptr(GError) error = NULL;
  SlStore *store;
  const char *model;
  gint64 count = 0;

  if (!(store = sl_cli_get_store (cli)))
    return SL_CLI_EXIT_FAILED;
  if (!(embedder = sl_embedder_new_for_provider (store, provider, &error)))
    return sl_cli_fail (cli, SL_CLI_EXIT_FAILED, "unavailable", "%s", error->message);

  model = sl_embedder_get_model_id (embedder);
  search = sl_search_new (store, embedder);
  /* Notified on this thread's context, which the blocking call dispatches. */
  g_signal_connect (search, "notify::progress", G_CALLBACK (progress_cb), cli);
  if (!sl_search_prepare (search, NULL, &error) ||
      !sl_store_get_embeddings_fingerprint (store, model, NULL, &count, &error))
    return sl_cli_fail_error (cli, error);

  if (sl_cli_get_json (cli))
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "model");
      json_builder_add_string_value (builder, model);
      json_builder_set_member_name (builder, "dimension");
      json_builder_add_int_value (builder, sl_embedder_get_dimension (embedder));
      json_builder_set_member_name (builder, "embedded");
      json_builder_add_int_value (builder, count);
      json_builder_end_object (builder);
      sl_cli_print_json (cli, json_builder_get_root (builder));
    }
  else
    {
      sl_cli_print (cli, ngettext ("%" G_GINT64_FORMAT " candidate has a vector of %s",
                                   "%" G_GINT64_FORMAT " candidates have a vector of %s", count),
                    count, model);
    }
  return SL_CLI_EXIT_OK;
}

int
sl_cli_embed_run (SlCli  *cli,
                  int     argc,
                  char  **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("TEXT — print the embedding of a text"));
  g_autofree char *provider = NULL;
  g_autoptr(SlEmbedder) embedder = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree float *vector = NULL;
  gboolean use_stats = FALSE;
  gboolean all = FALSE;
  int status = SL_CLI_EXIT_OK;
  int dim = 0;
  guint n;
  const GOptionEntry entries[] = {
    { "provider", 'p', 0, G_OPTION_ARG_STRING, &provider, N_("lexical (default, offline) or bedrock"), N_("NAME") },
    { "dim", 'd', 0, G_OPTION_ARG_INT, &dim, N_("Dimension of the lexical embedder (default 512)"), N_("DIM") },
    { "corpus-stats", 0, 0, G_OPTION_ARG_NONE, &use_stats,
      N_("Weigh words by the database’s term statistics (IDF)"), NULL },
    { "all", 0, 0, G_OPTION_ARG_NONE, &all,
      N_("Embed every candidate that has no vector of the provider’s model yet, with progress"),
      NULL },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!sl_cli_parse_options (cli, context, &argc, &argv, &status))
    return status;
  if (argc != (all ? 1 : 2) || (all && dim != 0))
    return sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "usage",
                        _("Usage: shortlist-cli embed [--provider lexical|bedrock] TEXT, "
                          "or shortlist-cli embed [--provider lexical|bedrock] --all"));
  if (!all && !g_utf8_validate (argv[1], -1, NULL))
    return sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "invalid_text", _("Arguments must be UTF-8 text"));
  if (dim < 0 || dim > 4096)
    return sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "usage", _("--dim must be between 1 and 4096"));
  if (provider != NULL && !g_str_equal (provider, SL_EMBEDDER_PROVIDER_LEXICAL) &&
      !g_str_equal (provider, SL_EMBEDDER_PROVIDER_BEDROCK))
    return sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "usage", _("Unknown provider “%s”: use lexical or bedrock"), provider);
  if (all)
    return embed_all (cli, provider);

  if (dim > 0 && (provider == NULL || g_str_equal (provider, SL_EMBEDDER_PROVIDER_LEXICAL)))
    {
      embedder = SL_EMBEDDER (sl_lexical_embedder_new (dim));
    }
  else
    {
      /* Bedrock keeps its cache in the database; the lexical default needs none. */
      SlStore *store = NULL;

      if ((provider != NULL && g_str_equal (provider, SL_EMBEDDER_PROVIDER_BEDROCK)) || use_stats)
        {
          if (!(store = sl_cli_get_store (cli)))
            return SL_CLI_EXIT_FAILED;
        }
      if (!(embedder = sl_embedder_new_for_provider (store, provider, &error)))
        return sl_cli_fail (cli, SL_CLI_EXIT_FAILED, "unavailable", "%s", error->message);
    }

  if (use_stats && SL_IS_LEXICAL_EMBEDDER (embedder))
    {
      g_autoptr(GHashTable) doc_freq = NULL;
      gint64 n_documents = 0;
      SlStore *store;

      if (!(store = sl_cli_get_store (cli)))
        return SL_CLI_EXIT_FAILED;
      if (!sl_store_load_term_stats (store, &doc_freq, &n_documents, &error))
        return sl_cli_fail_error (cli, error);
      sl_lexical_embedder_set_term_stats (SL_LEXICAL_EMBEDDER (embedder), doc_freq, n_documents);
    }
  if (!(vector = sl_embedder_embed (embedder, argv[1], NULL, &error)))
    return sl_cli_fail_error (cli, error);

  n = sl_embedder_get_dimension (embedder);
  if (sl_cli_get_json (cli))
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "model");
      json_builder_add_string_value (builder, sl_embedder_get_model_id (embedder));
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
      sl_cli_print (cli, "%s (%u)", sl_embedder_get_model_id (embedder), n);
      sl_cli_print (cli, "%s", line->str);
    }
  return SL_CLI_EXIT_OK;
}
