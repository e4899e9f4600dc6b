/* sl-cli-screen.c: “shortlist-cli screen JOB_ID”, rank and decide. */
#define G_LOG_DOMAIN "sl-cli"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "sl-cli.h"
#include "sl-lexical-embedder.h"
#include "sl-screening.h"

static void
add_names (JsonBuilder        *builder,
           const char         *member,
           const char * const *first,
           const char * const *second)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (guint i = 0; first != NULL && first[i] != NULL; i++)
    json_builder_add_string_value (builder, first[i]);
  for (guint i = 0; second != NULL && second[i] != NULL; i++)
    json_builder_add_string_value (builder, second[i]);
  json_builder_end_array (builder);
}

static JsonNode *
result_to_json (SlScreeningResult *result)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "result_id");
  json_builder_add_int_value (builder, result->result_id);
  json_builder_set_member_name (builder, "candidate_id");
  json_builder_add_int_value (builder, result->candidate_id);
  json_builder_set_member_name (builder, "score");
  json_builder_add_double_value (builder, round (result->score * 100) / 100);
  json_builder_set_member_name (builder, "similarity");
  json_builder_add_double_value (builder, result->similarity);
  json_builder_set_member_name (builder, "skill_coverage");
  json_builder_add_double_value (builder, result->skill_coverage);
  json_builder_set_member_name (builder, "experience_fit");
  json_builder_add_double_value (builder, result->experience_fit);
  json_builder_set_member_name (builder, "education_fit");
  json_builder_add_double_value (builder, result->education_fit);
  json_builder_set_member_name (builder, "classifier");
  if (isnan (result->classifier))
    json_builder_add_null_value (builder);
  else
    json_builder_add_double_value (builder, result->classifier);
  json_builder_set_member_name (builder, "decision");
  json_builder_add_string_value (builder, result->shortlisted ? "shortlist" : "reject");
  add_names (builder, "matched_skills", (const char * const *)result->matched_mandatory,
             (const char * const *)result->matched_preferred);
  add_names (builder, "missing_skills", (const char * const *)result->missing_mandatory,
             (const char * const *)result->missing_preferred);
  add_names (builder, "evidence", (const char * const *)result->evidence, NULL);
  json_builder_set_member_name (builder, "explanation");
  json_builder_add_string_value (builder, result->explanation);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

int
sl_cli_screen_run (SlCli  *cli,
                   int     argc,
                   char  **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("JOB_ID — rank, decide and explain"));
  g_autoptr(SlLexicalEmbedder) embedder = NULL;
  g_autoptr(SlSearch) search = NULL;
  g_autoptr(SlScreening) screening = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;
  gboolean all = FALSE;
  double threshold = SL_SCREENING_DEFAULT_THRESHOLD;
  int status = SL_CLI_EXIT_OK;
  int top = 0;
  gint64 job_id;
  SlStore *store;
  const GOptionEntry entries[] = {
    { "all", 'a', 0, G_OPTION_ARG_NONE, &all,
      N_("Screen every candidate, not only those linked to the job"),
      NULL },
    { "top", 'n', 0, G_OPTION_ARG_INT, &top, N_("Show only the best N (all are saved)"), N_("N") },
    { "threshold", 't', 0, G_OPTION_ARG_DOUBLE, &threshold,
      N_("Shortlist at or above this score, 0–100 (default 60)"), N_("SCORE") },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!sl_cli_parse_options (cli, context, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "usage",
                        _("Usage: shortlist-cli screen JOB_ID [--all] [--top N]"));
  if (!sl_cli_parse_id (cli, argv[1], _("job"), &job_id, &status))
    return status;
  if (top < 0)
    return sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "usage", _("--top must be positive"));
  if (!(threshold >= 0 && threshold <= 100))
    return sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "usage",
                        _("--threshold must be between 0 and 100"));

  if (!(store = sl_cli_get_store (cli)))
    return SL_CLI_EXIT_FAILED;
  embedder = sl_lexical_embedder_new (0);
  search = sl_search_new (store, SL_EMBEDDER (embedder));
  screening = sl_screening_new (store, search);
  sl_screening_set_threshold (screening, threshold);
  if (!sl_search_prepare (search, NULL, &error) ||
      !(results = sl_screening_run (screening, job_id, all, NULL, &error)))
    return sl_cli_fail_error (cli, error);

  for (guint i = 0; i < results->len && (top == 0 || i < (guint)top); i++)
    {
      SlScreeningResult *result = g_ptr_array_index (results, i);

      if (sl_cli_get_json (cli))
        sl_cli_print_json (cli, result_to_json (result));
      else
        sl_cli_print (cli, "%6" G_GINT64_FORMAT "  %5.1f  %-9s  %s — %s", result->candidate_id,
                      result->score, result->shortlisted ? _("shortlist") : _("reject"),
                      result->name != NULL ? result->name : "", result->explanation);
    }
  if (results->len == 0 && all)
    sl_cli_print (cli, "%s", _("There are no candidates."));
  else if (results->len == 0)
    sl_cli_print (cli, "%s", _("No candidate is linked to this job: use --all to screen everyone."));
  return SL_CLI_EXIT_OK;
}
