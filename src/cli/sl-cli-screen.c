#define G_LOG_DOMAIN "sl-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "sl-cli.h"
#include "sl-embedder-factory.h"
#include "sl-s3-mirror.h"
#include "sl-screener.h"
#include "sl-screening-report.h"

static void
add_names (JsonBuilder *builder,
           const char  *member,
           GPtrArray   *first,
           GPtrArray   *second)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (guint i = 0; i < first->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (first, i));
  for (guint i = 0; i < second->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (second, i));
  json_builder_end_array (builder);
}

static JsonNode *
screened_to_json (SlScreened *screened)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *explanation = sl_screening_result_explain (screened->result);
  SlScreeningResult *r = screened->result;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "result_id");
  json_builder_add_int_value (builder, screened->result_id);
  json_builder_set_member_name (builder, "candidate_id");
  json_builder_add_int_value (builder, screened->candidate_id);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, screened->name);
  json_builder_set_member_name (builder, "score");
  json_builder_add_double_value (builder, r->score);
  json_builder_set_member_name (builder, "similarity");
  json_builder_add_double_value (builder, r->similarity);
  json_builder_set_member_name (builder, "skill_coverage");
  json_builder_add_double_value (builder, r->skill_coverage);
  json_builder_set_member_name (builder, "experience_fit");
  json_builder_add_double_value (builder, r->experience_fit);
  json_builder_set_member_name (builder, "education_fit");
  json_builder_add_double_value (builder, r->education_fit);
  json_builder_set_member_name (builder, "classifier");
  if (r->classifier >= 0)
    json_builder_add_double_value (builder, r->classifier);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "decision");
  json_builder_add_string_value (builder, r->shortlist ? "shortlist" : "reject");
  add_names (builder, "matched_skills", r->matched_mandatory, r->matched_preferred);
  add_names (builder, "missing_skills", r->missing_mandatory, r->missing_preferred);
  json_builder_set_member_name (builder, "evidence");
  json_builder_begin_array (builder);
  for (guint i = 0; i < r->evidence->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (r->evidence, i));
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "explanation");
  json_builder_add_string_value (builder, explanation);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static gboolean
write_exports (SlCli       *cli,
               SlStore     *store,
               gint64       job_id,
               GPtrArray   *screened,
               int          top,
               const char  *csv_path,
               const char  *pdf_path,
               gboolean     blind,
               GError     **error)
{
  g_autoptr(SlJob) job = NULL;
  g_autoptr(SlRequirements) requirements = NULL;
  g_autofree SlRankedCandidate *ranked = NULL;
  guint n = top > 0 ? MIN ((guint)top, screened->len) : screened->len;

  if (!(job = sl_store_get_job (store, job_id, error)))
    return FALSE;
  requirements = sl_screener_dup_requirements (job);

  ranked = g_new0 (SlRankedCandidate, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    {
      SlScreened *item = g_ptr_array_index (screened, i);

      ranked[i].candidate_id = item->candidate_id;
      ranked[i].name = item->name;
      ranked[i].email = item->email;
      ranked[i].headline = item->headline;
      ranked[i].result = item->result;
    }

  if (csv_path != NULL && g_str_equal (csv_path, "-"))
    {
      g_autofree char *csv = sl_screening_report_build_csv (job, ranked, n, blind);

      /* The CSV takes standard output: JSON lines would corrupt it. */
      fputs (csv, stdout);
      fflush (stdout);
    }
  else if (csv_path != NULL &&
           !sl_screening_report_write_csv (csv_path, job, ranked, n, blind, error))
    return FALSE;

  if (pdf_path != NULL &&
      !sl_screening_report_write_pdf (pdf_path, job, requirements, ranked, n, blind, NULL, error))
    return FALSE;

  {
    g_autofree char *owner = g_strdup_printf ("job-%" G_GINT64_FORMAT, job_id);

    if (csv_path != NULL && !g_str_equal (csv_path, "-"))
      sl_s3_mirror_queue_report (store, owner, csv_path);
    if (pdf_path != NULL)
      sl_s3_mirror_queue_report (store, owner, pdf_path);
  }
  return TRUE;
}

int
sl_cli_screen_run (SlCli  *cli,
                   int     argc,
                   char  **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("JOB_ID — rank and screen candidates for a job"));
  g_autoptr(GPtrArray) screened = NULL;
  g_autoptr(SlEmbedder) embedder = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *provider = NULL;
  g_autofree char *csv_path = NULL;
  g_autofree char *pdf_path = NULL;
  gboolean blind = FALSE;
  gboolean all = FALSE;
  double threshold = -1;
  int top = 0;
  SlScreenerOptions options;
  SlStore *store;
  gint64 job_id;
  int status = SL_CLI_EXIT_OK;
  guint shortlisted = 0;
  const GOptionEntry entries[] = {
    { "all", 'a', 0, G_OPTION_ARG_NONE, &all,
      N_("Screen every candidate, not only those linked to the job"), NULL },
    { "top", 'n', 0, G_OPTION_ARG_INT, &top, N_("Print only the best N (all are stored)"), N_("N") },
    { "threshold", 0, 0, G_OPTION_ARG_DOUBLE, &threshold,
      N_("Shortlist at this score or above, 0–100 (default 50)"), N_("SCORE") },
    { "provider", 'p', 0, G_OPTION_ARG_STRING, &provider,
      N_("Embedding provider: lexical (default) or bedrock"), N_("NAME") },
    { "csv", 0, 0, G_OPTION_ARG_FILENAME, &csv_path,
      N_("Also write the ranking as CSV (“-” for standard output)"), N_("FILE") },
    { "pdf", 0, 0, G_OPTION_ARG_FILENAME, &pdf_path,
      N_("Also write a PDF report for a hiring manager"), N_("FILE") },
    { "blind", 0, 0, G_OPTION_ARG_NONE, &blind,
      N_("Leave names and contact details out of the CSV and PDF"), NULL },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!sl_cli_parse_options (cli, context, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "usage", _("Usage: shortlist-cli screen JOB_ID [--all] [--top N] [--csv FILE] [--pdf FILE] [--blind]"));
  if (!sl_cli_parse_id (cli, argv[1], _("job"), &job_id, &status))
    return status;
  if (top < 0)
    return sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "usage", _("--top must be a positive number"));
  if (threshold != -1 && (threshold < 0 || threshold > 100))
    return sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "usage", _("--threshold must be between 0 and 100"));

  if (!(store = sl_cli_get_store (cli)))
    return SL_CLI_EXIT_FAILED;
  if (!(embedder = sl_embedder_new_for_provider (store, provider, &error)))
    return sl_cli_fail (cli, SL_CLI_EXIT_FAILED, "unavailable", "%s", error->message);

  sl_screener_options_init (&options);
  options.all_candidates = all;
  if (threshold >= 0)
    options.config.threshold = threshold;

  if (!(screened = sl_screener_screen_job (store, embedder, job_id, &options, NULL, &error)))
    {
      if (g_error_matches (error, SL_SCREENER_ERROR, SL_SCREENER_ERROR_NO_CANDIDATES))
        return sl_cli_fail (cli, SL_CLI_EXIT_FAILED, "no_candidates", "%s", error->message);
      return sl_cli_fail_error (cli, error);
    }

  if ((csv_path != NULL || pdf_path != NULL) &&
      !write_exports (cli, store, job_id, screened, top, csv_path, pdf_path, blind, &error))
    return sl_cli_fail (cli, SL_CLI_EXIT_FAILED, "export_failed", "%s", error->message);

  if (csv_path != NULL && g_str_equal (csv_path, "-"))
    return SL_CLI_EXIT_OK;

  for (guint i = 0; i < screened->len; i++)
    {
      SlScreened *item = g_ptr_array_index (screened, i);

      if (item->result->shortlist)
        shortlisted++;
      if (top > 0 && i >= (guint)top)
        continue;
      if (sl_cli_get_json (cli))
        {
          sl_cli_print_json (cli, screened_to_json (item));
        }
      else
        {
          g_autofree char *explanation = sl_screening_result_explain (item->result);

          sl_cli_print (cli, "%3u. %5.1f  %-9s  %s",
                        i + 1, item->result->score,
                        item->result->shortlist ? _("Shortlist") : _("Reject"),
                        item->name[0] != '\0' ? item->name : _("Unnamed candidate"));
          sl_cli_print (cli, "      %s", explanation);
        }
    }
  if (!sl_cli_get_json (cli))
    sl_cli_print (cli, ngettext ("%1$u of %2$u candidate shortlisted.",
                                 "%1$u of %2$u candidates shortlisted.", screened->len),
                  shortlisted, screened->len);

  return SL_CLI_EXIT_OK;
}
