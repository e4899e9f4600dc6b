#define G_LOG_DOMAIN "sl-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "sl-cli.h"
#include "sl-extractor.h"
#include "sl-job-parser.h"
#include "sl-skill-taxonomy.h"
#include "sl-store-skills.h"

/* Job descriptions are text: anything larger than this is not one. */
#define MAX_DESCRIPTION_SIZE (1024 * 1024)

static char *
format_time (gint64 unix_time)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (unix_time);

  return dt != NULL ? g_date_time_format_iso8601 (dt) : g_strdup ("");
}

/* The parsed requirements of job show --json, with nulls where unknown. */
static const char * const parsed_members[] = {
  "mandatory_skills", "preferred_skills", "min_years", "education_level", "remote",
  "salary_min", "salary_max", "currency", "seniority",
};

static void
add_parsed_members (JsonBuilder *builder,
                    SlJob       *job)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *parsed = NULL;

  if (sl_job_get_parsed (job) != NULL &&
      json_parser_load_from_data (parser, sl_job_get_parsed (job), -1, NULL) &&
      JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    parsed = json_node_get_object (json_parser_get_root (parser));

  for (guint i = 0; i < G_N_ELEMENTS (parsed_members); i++)
    {
      const char *name = parsed_members[i];
      JsonNode *value = parsed != NULL ? json_object_get_member (parsed, name) : NULL;

      json_builder_set_member_name (builder, name);
      if (value != NULL)
        json_builder_add_value (builder, json_node_copy (value));
      else if (g_str_has_suffix (name, "_skills"))
        {
          json_builder_begin_array (builder);
          json_builder_end_array (builder);
        }
      else if (g_str_equal (name, "remote"))
        json_builder_add_boolean_value (builder, FALSE);
      else
        json_builder_add_null_value (builder);
    }
}

static JsonNode *
job_to_json (SlJob    *job,
             gboolean  full)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *created = format_time (sl_job_get_created_at (job));
  g_autofree char *updated = format_time (sl_job_get_updated_at (job));

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, sl_job_get_id (job));
  json_builder_set_member_name (builder, "title");
  json_builder_add_string_value (builder, sl_job_get_title (job));
  json_builder_set_member_name (builder, "location");
  json_builder_add_string_value (builder, sl_job_get_location (job));
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, sl_job_status_to_string (sl_job_get_status (job)));
  json_builder_set_member_name (builder, "created_at");
  json_builder_add_string_value (builder, created);
  json_builder_set_member_name (builder, "updated_at");
  json_builder_add_string_value (builder, updated);
  if (full)
    {
      add_parsed_members (builder, job);
      json_builder_set_member_name (builder, "description");
      json_builder_add_string_value (builder, sl_job_get_description (job));
      json_builder_set_member_name (builder, "requirements");
      json_builder_add_string_value (builder, sl_job_get_requirements (job));
    }
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static gboolean
apply_status (SlCli       *cli,
              SlJob       *job,
              const char  *status_text,
              int         *status)
{
  SlJobStatus job_status;

  if (status_text == NULL)
    return TRUE;
  if (!sl_job_status_from_string (status_text, &job_status))
    {
      *status = sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "usage",
                             _("The status must be “open” or “closed”, not “%s”"), status_text);
      return FALSE;
    }
  sl_job_set_status (job, job_status);
  return TRUE;
}

static gboolean
load_description (SlCli       *cli,
                  const char  *description,
                  const char  *description_file,
                  char       **out,
                  int         *status)
{
  g_autoptr(GError) error = NULL;

  *out = NULL;
  if (description != NULL && description_file != NULL)
    {
      *status = sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "usage",
                             _("Give either --description or --description-file, not both"));
      return FALSE;
    }
  if (description_file != NULL)
    {
      if (!(*out = sl_cli_read_text_file (description_file, MAX_DESCRIPTION_SIZE, &error)))
        {
          *status = sl_cli_fail_error (cli, error);
          return FALSE;
        }
      return TRUE;
    }
  if (description != NULL && !g_utf8_validate (description, -1, NULL))
    {
      *status = sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "invalid_text",
                             _("The description is not UTF-8 text"));
      return FALSE;
    }
  *out = g_strdup (description);
  return TRUE;
}

/* The shipped skills and the user's own. */
static SlSkillTaxonomy *
load_taxonomy (SlCli *cli)
{
  g_autoptr(GError) error = NULL;
  SlSkillTaxonomy *taxonomy = NULL;
  SlStore *store = sl_cli_get_store (cli);

  if (store != NULL && (taxonomy = sl_store_dup_taxonomy (store, &error)) != NULL)
    return taxonomy;
  g_clear_error (&error);
  if (!(taxonomy = sl_skill_taxonomy_new_default (&error)))
    g_debug ("No skills taxonomy: %s", error->message);
  return taxonomy;
}

/* Reads a job description file of any supported format through the
 * isolated helper, which also parses it. */
static JsonNode *
extract_job_file (SlCli       *cli,
                  const char  *path,
                  int         *status)
{
  g_autoptr(SlExtractor) extractor = sl_extractor_new (1);
  g_autoptr(GError) error = NULL;
  g_autofree char *user_skills = NULL;
  SlStore *store = sl_cli_get_store (cli);
  JsonNode *reply;

  if (store == NULL)
    {
      *status = SL_CLI_EXIT_FAILED;
      return NULL;
    }
  if (!(user_skills = sl_store_dup_user_skills_tsv (store, &error)) ||
      !sl_extractor_set_user_skills (extractor, user_skills, &error))
    {
      *status = sl_cli_fail_error (cli, error);
      return NULL;
    }

  if (!(reply = sl_extractor_extract (extractor, path, SL_EXTRACT_PARSE_JOB, NULL, &error)))
    {
      g_autofree char *display = g_filename_display_name (path);

      *status = sl_cli_fail (cli, SL_CLI_EXIT_FAILED,
                             error->domain == SL_EXTRACT_ERROR ? sl_extract_error_to_code (error->code) : "failed",
                             /* Translators: %1$s is a file name, %2$s the reason. */
                             _("Could not read “%1$s”: %2$s"), display, error->message);
      return NULL;
    }
  sl_extractor_shutdown (extractor);
  return reply;
}

static int
job_add (SlCli  *cli,
         int     argc,
         char  **argv)
{
  g_autofree char *title = NULL;
  g_autofree char *description = NULL;
  g_autofree char *description_file = NULL;
  g_autofree char *description_text = NULL;
  g_autofree char *requirements = NULL;
  g_autofree char *location = NULL;
  g_autofree char *status_text = NULL;
  g_autofree char *file = NULL;
  g_autofree char *parsed_text = NULL;
  g_autoptr(GOptionContext) context = g_option_context_new (_("— add a job"));
  g_autoptr(GError) error = NULL;
  g_autoptr(SlJob) job = NULL;
  g_autoptr(JsonNode) parsed = NULL;
  SlStore *store;
  int status = SL_CLI_EXIT_OK;
  const GOptionEntry entries[] = {
    { "title", 't', 0, G_OPTION_ARG_STRING, &title, N_("The job’s title (required)"), N_("TITLE") },
    { "description", 'd', 0, G_OPTION_ARG_STRING, &description, N_("The job description"), N_("TEXT") },
    { "description-file", 'f', 0, G_OPTION_ARG_FILENAME, &description_file,
      N_("Read the job description from a UTF-8 text file"), N_("FILE") },
    { "file", 0, 0, G_OPTION_ARG_FILENAME, &file,
      N_("Read and parse a job description document (PDF, DOCX, ODT, RTF, text)"), N_("FILE") },
    { "requirements", 'r', 0, G_OPTION_ARG_STRING, &requirements, N_("Requirements, free text"), N_("TEXT") },
    { "location", 'l', 0, G_OPTION_ARG_STRING, &location, N_("Where the job is"), N_("PLACE") },
    { "status", 's', 0, G_OPTION_ARG_STRING, &status_text, N_("open (default) or closed"), N_("STATUS") },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!sl_cli_parse_options (cli, context, &argc, &argv, &status))
    return status;
  if (argc > 1)
    return sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "usage", _("Unexpected argument “%s”"), argv[1]);
  if (file != NULL && (description != NULL || description_file != NULL))
    return sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "usage",
                        _("Give either --file or a description, not both"));
  if (title == NULL && file == NULL)
    return sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "usage", _("A job needs a title: use --title"));
  if ((title != NULL && !g_utf8_validate (title, -1, NULL)) ||
      (location != NULL && !g_utf8_validate (location, -1, NULL)) ||
      (requirements != NULL && !g_utf8_validate (requirements, -1, NULL)))
    return sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "invalid_text", _("Arguments must be UTF-8 text"));
  if (description == NULL && description_file == NULL && file == NULL)
    return sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "usage",
                        _("A job needs a description: use --description, --description-file or --file"));

  if (file != NULL)
    {
      g_autoptr(JsonNode) reply = NULL;
      JsonObject *object;

      if (!(reply = extract_job_file (cli, file, &status)))
        return status;
      object = json_node_get_object (reply);
      description_text = g_strdup (json_object_get_string_member_with_default (object, "text", ""));
      if (json_object_has_member (object, "job"))
        parsed = json_node_copy (json_object_get_member (object, "job"));
    }
  else
    {
      g_autoptr(SlSkillTaxonomy) taxonomy = NULL;
      g_autofree char *all = NULL;

      if (!load_description (cli, description, description_file, &description_text, &status))
        return status;
      taxonomy = load_taxonomy (cli);
      all = g_strjoin ("\n\n", description_text, requirements != NULL ? requirements : "", NULL);
      parsed = sl_job_parse (all, taxonomy);
    }

  if (title == NULL)
    {
      const char *parsed_title = NULL;

      if (parsed != NULL && JSON_NODE_HOLDS_OBJECT (parsed))
        parsed_title = json_object_get_string_member_with_default (json_node_get_object (parsed), "title", NULL);
      if (parsed_title != NULL && parsed_title[0] != '\0')
        title = g_strdup (parsed_title);
      else
        {
          g_autofree char *base = g_path_get_basename (file);
          char *dot = strrchr (base, '.');

          if (dot != NULL && dot != base)
            *dot = '\0';
          title = g_utf8_make_valid (base, -1);
        }
    }
  if (location == NULL && parsed != NULL && JSON_NODE_HOLDS_OBJECT (parsed))
    location = g_strdup (json_object_get_string_member_with_default (json_node_get_object (parsed),
                                                                      "location", NULL));

  job = sl_job_new (title);
  if (parsed != NULL)
    {
      parsed_text = json_to_string (parsed, FALSE);
      sl_job_set_parsed (job, parsed_text);
    }
  sl_job_set_description (job, description_text);
  sl_job_set_requirements (job, requirements);
  sl_job_set_location (job, location);
  if (!apply_status (cli, job, status_text, &status))
    return status;

  if (!(store = sl_cli_get_store (cli)))
    return SL_CLI_EXIT_FAILED;
  if (!sl_store_add_job (store, job, &error))
    return sl_cli_fail_error (cli, error);

  if (sl_cli_get_json (cli))
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "job_id");
      json_builder_add_int_value (builder, sl_job_get_id (job));
      json_builder_end_object (builder);
      sl_cli_print_json (cli, json_builder_get_root (builder));
    }
  else
    sl_cli_print (cli, _("Added job %lld: %s"), (long long) sl_job_get_id (job), sl_job_get_title (job));

  return SL_CLI_EXIT_OK;
}

static int
job_edit (SlCli  *cli,
          int     argc,
          char  **argv)
{
  g_autofree char *title = NULL;
  g_autofree char *description = NULL;
  g_autofree char *description_file = NULL;
  g_autofree char *description_text = NULL;
  g_autofree char *requirements = NULL;
  g_autofree char *location = NULL;
  g_autofree char *status_text = NULL;
  g_autoptr(GOptionContext) context = g_option_context_new (_("ID — change a job"));
  g_autoptr(GError) error = NULL;
  g_autoptr(SlJob) job = NULL;
  SlStore *store;
  gint64 id;
  int status = SL_CLI_EXIT_OK;
  const GOptionEntry entries[] = {
    { "title", 't', 0, G_OPTION_ARG_STRING, &title, N_("New title"), N_("TITLE") },
    { "description", 'd', 0, G_OPTION_ARG_STRING, &description, N_("New description"), N_("TEXT") },
    { "description-file", 'f', 0, G_OPTION_ARG_FILENAME, &description_file,
      N_("Read the new description from a UTF-8 text file"), N_("FILE") },
    { "requirements", 'r', 0, G_OPTION_ARG_STRING, &requirements, N_("New requirements"), N_("TEXT") },
    { "location", 'l', 0, G_OPTION_ARG_STRING, &location, N_("New location"), N_("PLACE") },
    { "status", 's', 0, G_OPTION_ARG_STRING, &status_text, N_("open or closed"), N_("STATUS") },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!sl_cli_parse_options (cli, context, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "usage", _("Usage: shortlist-cli job edit ID [OPTIONS…]"));
  if (!sl_cli_parse_id (cli, argv[1], _("job"), &id, &status))
    return status;
  if (!load_description (cli, description, description_file, &description_text, &status))
    return status;
  if ((title != NULL && !g_utf8_validate (title, -1, NULL)) ||
      (location != NULL && !g_utf8_validate (location, -1, NULL)) ||
      (requirements != NULL && !g_utf8_validate (requirements, -1, NULL)))
    return sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "invalid_text", _("Arguments must be UTF-8 text"));

  if (!(store = sl_cli_get_store (cli)))
    return SL_CLI_EXIT_FAILED;
  if (!(job = sl_store_get_job (store, id, &error)))
    return sl_cli_fail_error (cli, error);

  if (title != NULL)
    sl_job_set_title (job, title);
  if (description_text != NULL)
    sl_job_set_description (job, description_text);
  if (requirements != NULL)
    sl_job_set_requirements (job, requirements);
  if (location != NULL)
    sl_job_set_location (job, location);
  if (!apply_status (cli, job, status_text, &status))
    return status;

  /* New words, new requirements: parse the description again. */
  if (description_text != NULL || requirements != NULL)
    {
      g_autoptr(SlSkillTaxonomy) taxonomy = load_taxonomy (cli);
      g_autofree char *all = g_strjoin ("\n\n", sl_job_get_description (job),
                                        sl_job_get_requirements (job), NULL);
      g_autoptr(JsonNode) parsed = sl_job_parse (all, taxonomy);
      g_autofree char *parsed_text = json_to_string (parsed, FALSE);

      sl_job_set_parsed (job, parsed_text);
    }

  if (!sl_store_update_job (store, job, &error))
    return sl_cli_fail_error (cli, error);

  if (sl_cli_get_json (cli))
    sl_cli_print_json (cli, job_to_json (job, TRUE));
  else
    sl_cli_print (cli, _("Updated job %lld"), (long long) id);
  return SL_CLI_EXIT_OK;
}

static int
job_list (SlCli  *cli,
          int     argc,
          char  **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— list jobs"));
  g_autoptr(GPtrArray) jobs = NULL;
  g_autoptr(GError) error = NULL;
  SlStore *store;
  int status = SL_CLI_EXIT_OK;

  if (!sl_cli_parse_options (cli, context, &argc, &argv, &status))
    return status;
  if (argc > 1)
    return sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "usage", _("Unexpected argument “%s”"), argv[1]);
  if (!(store = sl_cli_get_store (cli)))
    return SL_CLI_EXIT_FAILED;
  if (!(jobs = sl_store_list_jobs (store, &error)))
    return sl_cli_fail_error (cli, error);

  for (guint i = 0; i < jobs->len; i++)
    {
      SlJob *job = g_ptr_array_index (jobs, i);

      if (sl_cli_get_json (cli))
        sl_cli_print_json (cli, job_to_json (job, FALSE));
      else
        sl_cli_print (cli, "%5" G_GINT64_FORMAT "  %-6s  %s%s%s",
                      sl_job_get_id (job),
                      sl_job_status_to_string (sl_job_get_status (job)),
                      sl_job_get_title (job),
                      sl_job_get_location (job)[0] ? " — " : "",
                      sl_job_get_location (job));
    }
  if (jobs->len == 0)
    sl_cli_print (cli, "%s", _("No jobs yet. Add one with “shortlist-cli job add --title TITLE --description TEXT”."));

  return SL_CLI_EXIT_OK;
}

static int
job_show (SlCli  *cli,
          int     argc,
          char  **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("ID — show a job"));
  g_autoptr(GError) error = NULL;
  g_autoptr(SlJob) job = NULL;
  SlStore *store;
  gint64 id;
  int status = SL_CLI_EXIT_OK;

  if (!sl_cli_parse_options (cli, context, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "usage", _("Usage: shortlist-cli job show ID"));
  if (!sl_cli_parse_id (cli, argv[1], _("job"), &id, &status))
    return status;
  if (!(store = sl_cli_get_store (cli)))
    return SL_CLI_EXIT_FAILED;
  if (!(job = sl_store_get_job (store, id, &error)))
    return sl_cli_fail_error (cli, error);

  if (sl_cli_get_json (cli))
    {
      sl_cli_print_json (cli, job_to_json (job, TRUE));
    }
  else
    {
      sl_cli_print (cli, "%s", sl_job_get_title (job));
      sl_cli_print (cli, _("Number: %lld"), (long long) sl_job_get_id (job));
      sl_cli_print (cli, _("Status: %s"), sl_job_status_to_string (sl_job_get_status (job)));
      if (sl_job_get_location (job)[0] != '\0')
        sl_cli_print (cli, _("Location: %s"), sl_job_get_location (job));
      if (sl_job_get_requirements (job)[0] != '\0')
        sl_cli_print (cli, _("Requirements: %s"), sl_job_get_requirements (job));
      sl_cli_print (cli, "\n%s", sl_job_get_description (job));
    }
  return SL_CLI_EXIT_OK;
}

static int
job_delete (SlCli  *cli,
            int     argc,
            char  **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("ID — delete a job"));
  g_autoptr(GError) error = NULL;
  SlStore *store;
  gint64 id;
  int status = SL_CLI_EXIT_OK;

  if (!sl_cli_parse_options (cli, context, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "usage", _("Usage: shortlist-cli job delete ID"));
  if (!sl_cli_parse_id (cli, argv[1], _("job"), &id, &status))
    return status;
  if (!(store = sl_cli_get_store (cli)))
    return SL_CLI_EXIT_FAILED;
  if (!sl_store_delete_job (store, id, &error))
    return sl_cli_fail_error (cli, error);

  if (sl_cli_get_json (cli))
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "deleted");
      json_builder_add_int_value (builder, id);
      json_builder_end_object (builder);
      sl_cli_print_json (cli, json_builder_get_root (builder));
    }
  else
    sl_cli_print (cli, _("Deleted job %lld"), (long long) id);
  return SL_CLI_EXIT_OK;
}

int
sl_cli_job_run (SlCli  *cli,
                int     argc,
                char  **argv)
{
  static const SlCliCommand subcommands[] = {
    { "add", NULL, job_add },
    { "edit", NULL, job_edit },
    { "list", NULL, job_list },
    { "show", NULL, job_show },
    { "delete", NULL, job_delete },
  };

  return sl_cli_dispatch (cli, argc, argv, subcommands, G_N_ELEMENTS (subcommands),
                          _("Usage: shortlist-cli job add|edit|list|show|delete …"));
}
