/* sl-cli-search.c: “shortlist-cli search QUERY”. */
#define G_LOG_DOMAIN "sl-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "sl-cli.h"
#include "sl-embedder-factory.h"
#include "sl-search.h"

int
sl_cli_search_run (SlCli  *cli,
                   int     argc,
                   char  **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("QUERY — find candidates by meaning and keywords"));
  g_autofree char *filter_text = NULL;
  g_autofree char *mode_text = NULL;
  g_autofree char *query = NULL;
  g_autoptr(SlSearchFilter) filter = NULL;
  g_autoptr(SlEmbedder) embedder = NULL;
  g_autoptr(SlSearch) search = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;
  SlSearchMode mode = SL_SEARCH_MODE_HYBRID;
  SlStore *store;
  int status = SL_CLI_EXIT_OK;
  int top = 20;
  const GOptionEntry entries[] = {
    { "top", 'n', 0, G_OPTION_ARG_INT, &top, N_("How many candidates to show (default 20)"), N_("N") },
    { "filter", 'f', 0, G_OPTION_ARG_STRING, &filter_text, N_("Only candidates that pass EXPR (see below)"), N_("EXPR") },
    { "mode", 'm', 0, G_OPTION_ARG_STRING, &mode_text, N_("hybrid (default), semantic or keyword"), N_("MODE") },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context,
    _("Filters, separated by spaces (quote values with spaces):\n"
      "  skills:python,aws       every listed skill (names or aliases)\n"
      "  skills:python|aws       at least one of them\n"
      "  years>=3                at least three years of experience\n"
      "  education>=bachelor     none, high_school, associate, bachelor, master, doctorate\n"
      "  location:berlin         the location contains the text\n"
      "  job:12                  linked to job 12\n"
      "  after:2024-05-01        imported after that day (UTC)\n"
      "\n"
      "Example: shortlist-cli search \"backend engineer\" --filter \"skills:python,aws years>=3\"\n"
      "Ranking blends semantic similarity with keyword relevance (bm25)."));
  if (!sl_cli_parse_options (cli, context, &argc, &argv, &status))
    return status;
  if (argc < 2)
    return sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "usage",
                        _("Usage: shortlist-cli search QUERY [--top N] [--filter EXPR]"));
  if (argc > 2)
    return sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "usage",
                        _("Unexpected argument “%s”: quote the query"), argv[2]);
  if (top < 1 || top > 10000)
    return sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "usage", _("--top must be between 1 and 10000"));
  if (!g_utf8_validate (argv[1], -1, NULL))
    return sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "invalid_text", _("Arguments must be UTF-8 text"));
  query = g_strstrip (g_strdup (argv[1]));
  if (query[0] == '\0')
    return sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "usage", _("The query is empty"));
  if (mode_text != NULL)
    {
      if (g_str_equal (mode_text, "hybrid"))
        mode = SL_SEARCH_MODE_HYBRID;
      else if (g_str_equal (mode_text, "semantic"))
        mode = SL_SEARCH_MODE_SEMANTIC;
      else if (g_str_equal (mode_text, "keyword"))
        mode = SL_SEARCH_MODE_KEYWORD;
      else
        return sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "usage",
                            _("Unknown mode “%s”: use hybrid, semantic or keyword"),
                            mode_text);
    }
  if (!(filter = sl_search_filter_parse (filter_text, &error)))
    return sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "invalid_filter", "%s", error->message);

  if (!(store = sl_cli_get_store (cli)))
    return SL_CLI_EXIT_FAILED;
  /* The built-in model as screening and the app configure it (with the
   * skills taxonomy), so all of them share one set of stored vectors. */
  if (!(embedder = sl_embedder_new_for_provider (store, SL_EMBEDDER_PROVIDER_LEXICAL, &error)))
    return sl_cli_fail_error (cli, error);
  search = sl_search_new (store, embedder);
  if (!sl_search_prepare (search, NULL, &error) ||
      !(results = sl_search_run (search, query, filter, top, mode, NULL, &error)))
    return sl_cli_fail_error (cli, error);

  for (guint i = 0; i < results->len; i++)
    {
      SlSearchResult *result = g_ptr_array_index (results, i);

      if (sl_cli_get_json (cli))
        {
          g_autoptr(JsonBuilder) builder = json_builder_new ();

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "candidate_id");
          json_builder_add_int_value (builder, result->candidate_id);
          json_builder_set_member_name (builder, "score");
          json_builder_add_double_value (builder, result->score);
          json_builder_set_member_name (builder, "name");
          json_builder_add_string_value (builder, result->name);
          json_builder_end_object (builder);
          sl_cli_print_json (cli, json_builder_get_root (builder));
        }
      else
        sl_cli_print (cli, "%6" G_GINT64_FORMAT "  %.3f  %s", result->candidate_id, result->score,
                      result->name);
    }
  if (results->len == 0)
    sl_cli_print (cli, "%s", _("No candidate matches."));
  return SL_CLI_EXIT_OK;
}
