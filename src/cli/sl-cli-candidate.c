#define G_LOG_DOMAIN "sl-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "sl-cli.h"
#include "sl-erasure.h"
#include "sl-store-profile.h"
#include "sl-files.h"
#include "sl-store-import.h"

static void
add_strv_member (JsonBuilder        *builder,
                 const char         *name,
                 const char * const *values)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    json_builder_add_string_value (builder, values[i]);
  json_builder_end_array (builder);
}

static JsonNode *
candidate_to_json (SlCandidate *candidate,
                   gboolean     full)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GDateTime) imported = g_date_time_new_from_unix_utc (sl_candidate_get_imported_at (candidate));
  g_autofree char *imported_text = imported ? g_date_time_format_iso8601 (imported) : g_strdup ("");

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, sl_candidate_get_id (candidate));
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, sl_candidate_get_name (candidate));
  json_builder_set_member_name (builder, "headline");
  json_builder_add_string_value (builder, sl_candidate_get_headline (candidate));
  json_builder_set_member_name (builder, "location");
  json_builder_add_string_value (builder, sl_candidate_get_location (candidate));
  json_builder_set_member_name (builder, "years_experience");
  json_builder_add_double_value (builder, sl_candidate_get_years_experience (candidate));
  json_builder_set_member_name (builder, "education_level");
  json_builder_add_string_value (builder,
                                 sl_education_level_to_string (sl_candidate_get_education_level (candidate)));
  json_builder_set_member_name (builder, "imported_at");
  json_builder_add_string_value (builder, imported_text);
  if (full)
    {
      add_strv_member (builder, "emails", sl_candidate_get_emails (candidate));
      add_strv_member (builder, "phones", sl_candidate_get_phones (candidate));
      add_strv_member (builder, "links", sl_candidate_get_links (candidate));
      add_strv_member (builder, "skills", sl_candidate_get_skills (candidate));
      add_strv_member (builder, "certifications", sl_candidate_get_certifications (candidate));
      add_strv_member (builder, "languages", sl_candidate_get_languages (candidate));
    }
  else
    {
      json_builder_set_member_name (builder, "skills_count");
      json_builder_add_int_value (builder, sl_candidate_get_skills_count (candidate));
    }
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static gboolean
all_utf8 (const char * const *values)
{
  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    {
      if (!g_utf8_validate (values[i], -1, NULL))
        return FALSE;
    }
  return TRUE;
}

static int
candidate_add (SlCli  *cli,
               int     argc,
               char  **argv)
{
  g_autofree char *name = NULL;
  g_autofree char *headline = NULL;
  g_autofree char *location = NULL;
  g_autofree char *education = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) skills = NULL;
  g_auto(GStrv) emails = NULL;
  g_auto(GStrv) phones = NULL;
  double years = 0;
  g_autoptr(GOptionContext) context = g_option_context_new (_("— add a candidate by hand"));
  g_autoptr(SlCandidate) candidate = NULL;
  g_autoptr(GError) error = NULL;
  SlEducationLevel level = SL_EDUCATION_NONE;
  SlStore *store;
  int status = SL_CLI_EXIT_OK;
  const GOptionEntry entries[] = {
    { "name", 'n', 0, G_OPTION_ARG_STRING, &name, N_("Full name (required)"), N_("NAME") },
    { "headline", 0, 0, G_OPTION_ARG_STRING, &headline, N_("Headline, e.g. the current title"), N_("TEXT") },
    { "location", 'l', 0, G_OPTION_ARG_STRING, &location, N_("Where the candidate lives"), N_("PLACE") },
    { "skill", 's', 0, G_OPTION_ARG_STRING_ARRAY, &skills, N_("A skill (repeat for more)"), N_("SKILL") },
    { "email", 'e', 0, G_OPTION_ARG_STRING_ARRAY, &emails, N_("An e-mail address (repeat for more)"), N_("ADDRESS") },
    { "phone", 'p', 0, G_OPTION_ARG_STRING_ARRAY, &phones, N_("A phone number (repeat for more)"), N_("NUMBER") },
    { "years", 'y', 0, G_OPTION_ARG_DOUBLE, &years, N_("Years of experience"), N_("YEARS") },
    { "education", 0, 0, G_OPTION_ARG_STRING, &education,
      N_("none, high_school, associate, bachelor, master or doctorate"), N_("LEVEL") },
    { "text", 0, 0, G_OPTION_ARG_STRING, &text, N_("Resume text"), N_("TEXT") },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!sl_cli_parse_options (cli, context, &argc, &argv, &status))
    return status;
  if (argc > 1)
    return sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "usage", _("Unexpected argument “%s”"), argv[1]);
  if (name == NULL || g_strstrip (name)[0] == '\0')
    return sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "usage", _("A candidate needs a name: use --name"));
  if (years < 0 || years > 80)
    return sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "usage", _("Years of experience must be between 0 and 80"));
  if (education != NULL && !sl_education_level_from_string (education, &level))
    return sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "usage", _("Unknown education level “%s”"), education);
  {
    const char *singles[] = { name, headline, location, text, NULL };

    /* singles stops at the first NULL; check each optional field on its own. */
    for (guint i = 0; i < 4; i++)
      {
        if (singles[i] != NULL && !g_utf8_validate (singles[i], -1, NULL))
          return sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "invalid_text", _("Arguments must be UTF-8 text"));
      }
  }
  if (!all_utf8 ((const char * const *)skills) || !all_utf8 ((const char * const *)emails) ||
      !all_utf8 ((const char * const *)phones))
    return sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "invalid_text", _("Arguments must be UTF-8 text"));

  candidate = sl_candidate_new (name);
  sl_candidate_set_headline (candidate, headline);
  sl_candidate_set_location (candidate, location);
  sl_candidate_set_text (candidate, text);
  sl_candidate_set_years_experience (candidate, years);
  sl_candidate_set_education_level (candidate, level);
  sl_candidate_set_skills (candidate, (const char * const *)skills);
  sl_candidate_set_emails (candidate, (const char * const *)emails);
  sl_candidate_set_phones (candidate, (const char * const *)phones);

  if (!(store = sl_cli_get_store (cli)))
    return SL_CLI_EXIT_FAILED;
  if (!sl_store_add_candidate (store, candidate, &error))
    return sl_cli_fail_error (cli, error);

  if (sl_cli_get_json (cli))
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "candidate_id");
      json_builder_add_int_value (builder, sl_candidate_get_id (candidate));
      json_builder_end_object (builder);
      sl_cli_print_json (cli, json_builder_get_root (builder));
    }
  else
    sl_cli_print (cli, _("Added candidate %lld"), (long long) sl_candidate_get_id (candidate));
  return SL_CLI_EXIT_OK;
}

static int
candidate_list (SlCli  *cli,
                int     argc,
                char  **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— list candidates"));
  g_autoptr(GPtrArray) candidates = NULL;
  g_autoptr(GError) error = NULL;
  SlStore *store;
  int status = SL_CLI_EXIT_OK;

  if (!sl_cli_parse_options (cli, context, &argc, &argv, &status))
    return status;
  if (argc > 1)
    return sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "usage", _("Unexpected argument “%s”"), argv[1]);
  if (!(store = sl_cli_get_store (cli)))
    return SL_CLI_EXIT_FAILED;
  if (!(candidates = sl_store_list_candidates (store, &error)))
    return sl_cli_fail_error (cli, error);

  for (guint i = 0; i < candidates->len; i++)
    {
      SlCandidate *candidate = g_ptr_array_index (candidates, i);

      if (sl_cli_get_json (cli))
        sl_cli_print_json (cli, candidate_to_json (candidate, FALSE));
      else
        sl_cli_print (cli, "%5" G_GINT64_FORMAT "  %s%s%s",
                      sl_candidate_get_id (candidate),
                      sl_candidate_get_name (candidate),
                      sl_candidate_get_headline (candidate)[0] ? " — " : "",
                      sl_candidate_get_headline (candidate));
    }
  if (candidates->len == 0)
    sl_cli_print (cli, "%s", _("No candidates yet."));
  return SL_CLI_EXIT_OK;
}

static int
candidate_show (SlCli  *cli,
                int     argc,
                char  **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("ID — show a candidate"));
  g_autoptr(SlCandidate) candidate = NULL;
  g_autoptr(GPtrArray) experiences = NULL;
  g_autoptr(GPtrArray) links = NULL;
  g_autoptr(GError) error = NULL;
  SlStore *store;
  gint64 id;
  int status = SL_CLI_EXIT_OK;

  if (!sl_cli_parse_options (cli, context, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "usage", _("Usage: shortlist-cli candidate show ID"));
  if (!sl_cli_parse_id (cli, argv[1], _("candidate"), &id, &status))
    return status;
  if (!(store = sl_cli_get_store (cli)))
    return SL_CLI_EXIT_FAILED;
  if (!(candidate = sl_store_get_candidate (store, id, &error)))
    return sl_cli_fail_error (cli, error);
  if (!(experiences = sl_store_import_list_experiences (store, id, &error)))
    return sl_cli_fail_error (cli, error);

  if (sl_cli_get_json (cli))
    {
      g_autoptr(JsonNode) node = candidate_to_json (candidate, TRUE);
      JsonObject *object = json_node_get_object (node);
      JsonArray *array = json_array_sized_new (experiences->len);

      for (guint i = 0; i < experiences->len; i++)
        json_array_add_element (array, json_node_copy (g_ptr_array_index (experiences, i)));
      json_object_set_array_member (object, "experiences", array);
      if (!(links = sl_store_profile_list_duplicates (store, id, &error)))
        return sl_cli_fail_error (cli, error);
      array = json_array_sized_new (links->len);
      for (guint i = 0; i < links->len; i++)
        {
          SlDuplicateLink *link = g_ptr_array_index (links, i);
          JsonObject *entry = json_object_new ();

          json_object_set_int_member (entry, "candidate_id", link->other_id);
          json_object_set_string_member (entry, "reason", link->reason);
          if (link->similarity >= 0)
            json_object_set_double_member (entry, "similarity", link->similarity);
          else
            json_object_set_null_member (entry, "similarity");
          json_array_add_object_element (array, entry);
        }
      json_object_set_array_member (object, "possible_duplicates", array);
      sl_cli_print_json (cli, g_steal_pointer (&node));
    }
  else
    {
      g_autofree char *skills = g_strjoinv (", ", (char **)sl_candidate_get_skills (candidate));
      g_autofree char *emails = g_strjoinv (", ", (char **)sl_candidate_get_emails (candidate));

      sl_cli_print (cli, "%s", sl_candidate_get_name (candidate));
      if (sl_candidate_get_headline (candidate)[0] != '\0')
        sl_cli_print (cli, "%s", sl_candidate_get_headline (candidate));
      if (emails[0] != '\0')
        sl_cli_print (cli, _("E-mail: %s"), emails);
      if (skills[0] != '\0')
        sl_cli_print (cli, _("Skills: %s"), skills);
      sl_cli_print (cli, _("Experience: %.1f years"), sl_candidate_get_years_experience (candidate));
      for (guint i = 0; i < experiences->len; i++)
        {
          JsonObject *experience = json_node_get_object (g_ptr_array_index (experiences, i));
          const char *start = json_object_get_string_member_with_default (experience, "start", NULL);
          const char *end = json_object_get_string_member_with_default (experience, "end", NULL);

          /* Translators: %1$s title, %2$s company, %3$s start month, %4$s end month or “now”. */
          sl_cli_print (cli, _("  %1$s, %2$s (%3$s – %4$s)"),
                        json_object_get_string_member_with_default (experience, "title", ""),
                        json_object_get_string_member_with_default (experience, "company", ""),
                        start != NULL ? start : "?",
                        end != NULL ? end : (json_object_get_boolean_member_with_default (experience, "current", FALSE)
                                             ? _("now") : "?"));
        }
    }
  return SL_CLI_EXIT_OK;
}

static int
candidate_delete (SlCli  *cli,
                  int     argc,
                  char  **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("ID — erase a candidate and their data"));
  g_autoptr(GError) error = NULL;
  g_autoptr(SlFiles) files = NULL;
  SlStore *store;
  gint64 id;
  int status = SL_CLI_EXIT_OK;

  if (!sl_cli_parse_options (cli, context, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "usage", _("Usage: shortlist-cli candidate delete ID"));
  if (!sl_cli_parse_id (cli, argv[1], _("candidate"), &id, &status))
    return status;
  if (!(store = sl_cli_get_store (cli)))
    return SL_CLI_EXIT_FAILED;
  files = sl_files_new_for_store (store);
  if (!sl_erase_candidate (store, files, id, &error))
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
    sl_cli_print (cli, _("Erased candidate %lld"), (long long) id);
  return SL_CLI_EXIT_OK;
}

int
sl_cli_candidate_run (SlCli  *cli,
                      int     argc,
                      char  **argv)
{
  static const SlCliCommand subcommands[] = {
    { "add", NULL, candidate_add },
    { "list", NULL, candidate_list },
    { "show", NULL, candidate_show },
    { "delete", NULL, candidate_delete },
  };

  return sl_cli_dispatch (cli, argc, argv, subcommands, G_N_ELEMENTS (subcommands),
                          _("Usage: shortlist-cli candidate add|list|show|delete …"));
}

int
sl_cli_check_run (SlCli  *cli,
                  int     argc,
                  char  **argv)
{
  g_autoptr(GError) error = NULL;
  SlStore *store;

  if (argc > 1)
    return sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "usage", _("Usage: shortlist-cli check"));
  if (!(store = sl_cli_get_store (cli)))
    return SL_CLI_EXIT_FAILED;
  if (!sl_store_check_integrity (store, &error))
    return sl_cli_fail_error (cli, error);

  if (sl_cli_get_json (cli))
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "ok");
      json_builder_add_boolean_value (builder, TRUE);
      json_builder_set_member_name (builder, "schema");
      json_builder_add_int_value (builder, sl_store_get_schema_version ());
      json_builder_end_object (builder);
      sl_cli_print_json (cli, json_builder_get_root (builder));
    }
  else
    sl_cli_print (cli, _("The database is consistent."));
  return SL_CLI_EXIT_OK;
}
