#define G_LOG_DOMAIN "sl-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "sl-cli.h"
#include "sl-skill-taxonomy.h"
#include "sl-store-skills.h"

static JsonNode *
skill_to_json (const char         *name,
               const char * const *aliases,
               const char         *category,
               gboolean            user_defined)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, name);
  json_builder_set_member_name (builder, "aliases");
  json_builder_begin_array (builder);
  for (guint i = 0; aliases != NULL && aliases[i] != NULL; i++)
    json_builder_add_string_value (builder, aliases[i]);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "category");
  json_builder_add_string_value (builder, category != NULL ? category : "");
  json_builder_set_member_name (builder, "user_defined");
  json_builder_add_boolean_value (builder, user_defined);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static int
skill_add (SlCli  *cli,
           int     argc,
           char  **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("NAME — add a skill of your own"));
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) aliases = NULL;
  g_autofree char *category = NULL;
  SlStore *store;
  int status = SL_CLI_EXIT_OK;
  const GOptionEntry entries[] = {
    { "alias", 'a', 0, G_OPTION_ARG_STRING_ARRAY, &aliases,
      N_("Another name or abbreviation for the skill (repeat for more)"), N_("ALIAS") },
    { "category", 'c', 0, G_OPTION_ARG_STRING, &category, N_("The skill’s category"), N_("CATEGORY") },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!sl_cli_parse_options (cli, context, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "usage",
                        _("Usage: shortlist-cli skill add NAME [--alias ALIAS]… [--category CATEGORY]"));
  if (!g_utf8_validate (argv[1], -1, NULL) || (category != NULL && !g_utf8_validate (category, -1, NULL)))
    return sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "invalid_text", _("Arguments must be UTF-8 text"));
  for (guint i = 0; aliases != NULL && aliases[i] != NULL; i++)
    {
      if (!g_utf8_validate (aliases[i], -1, NULL))
        return sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "invalid_text", _("Arguments must be UTF-8 text"));
    }

  if (!(store = sl_cli_get_store (cli)))
    return SL_CLI_EXIT_FAILED;
  if (!sl_store_add_skill (store, argv[1], (const char * const *)aliases, category, &error))
    {
      if (g_error_matches (error, SL_STORE_ERROR, SL_STORE_ERROR_CONSTRAINT))
        return sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "constraint", "%s", error->message);
      return sl_cli_fail_error (cli, error);
    }

  if (sl_cli_get_json (cli))
    sl_cli_print_json (cli, skill_to_json (g_strstrip (argv[1]), (const char * const *)aliases, category, TRUE));
  else
    sl_cli_print (cli, _("Added the skill “%s”"), g_strstrip (argv[1]));
  return SL_CLI_EXIT_OK;
}

static int
skill_list (SlCli  *cli,
            int     argc,
            char  **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— list the skills Shortlist recognises"));
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) user_skills = NULL;
  g_autoptr(GHashTable) user_names = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(SlSkillTaxonomy) taxonomy = NULL;
  g_autoptr(GPtrArray) names = NULL;
  gboolean user_only = FALSE;
  gboolean json = FALSE;
  SlStore *store;
  int status = SL_CLI_EXIT_OK;
  const GOptionEntry entries[] = {
    { "user", 'u', 0, G_OPTION_ARG_NONE, &user_only, N_("Only the skills and aliases users added"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("One JSON object per skill"), NULL },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!sl_cli_parse_options (cli, context, &argc, &argv, &status))
    return status;
  if (argc > 1)
    return sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "usage", _("Unexpected argument “%s”"), argv[1]);
  json = json || sl_cli_get_json (cli);

  if (!(store = sl_cli_get_store (cli)))
    return SL_CLI_EXIT_FAILED;
  if (!(user_skills = sl_store_list_user_skills (store, &error)))
    return sl_cli_fail_error (cli, error);

  for (guint i = 0; i < user_skills->len; i++)
    {
      SlStoreSkill *skill = g_ptr_array_index (user_skills, i);

      g_hash_table_add (user_names, skill->name);
      if (json)
        sl_cli_print_json (cli, skill_to_json (skill->name, (const char * const *)skill->aliases,
                                               skill->category, TRUE));
      else
        {
          g_autofree char *aliases = g_strjoinv (", ", skill->aliases);

          g_print ("%s%s%s\n", skill->name, aliases[0] != '\0' ? "\t" : "", aliases);
        }
    }
  if (user_only)
    return SL_CLI_EXIT_OK;

  if (!(taxonomy = sl_skill_taxonomy_new_default (&error)))
    return sl_cli_fail (cli, SL_CLI_EXIT_FAILED, "failed", "%s", error->message);
  names = sl_skill_taxonomy_list_skills (taxonomy);
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);

      if (g_hash_table_contains (user_names, name))
        continue;
      if (json)
        {
          g_auto(GStrv) names = sl_skill_taxonomy_dup_aliases (taxonomy, name);
          g_autoptr(GPtrArray) aliases = g_ptr_array_new ();
          g_autofree char *folded = g_utf8_casefold (name, -1);

          /* Every other name; the taxonomy lists the skill's own as well. */
          for (guint j = 0; names != NULL && names[j] != NULL; j++)
            {
              g_autofree char *alias = g_utf8_casefold (names[j], -1);

              if (g_strcmp0 (alias, folded) != 0)
                g_ptr_array_add (aliases, names[j]);
            }
          g_ptr_array_add (aliases, NULL);
          sl_cli_print_json (cli, skill_to_json (name, (const char * const *)aliases->pdata,
                                                 sl_skill_taxonomy_get_category (taxonomy, name), FALSE));
        }
      else
        g_print ("%s\n", name);
    }
  return SL_CLI_EXIT_OK;
}

static int
skill_remove (SlCli  *cli,
              int     argc,
              char  **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("NAME — remove a skill you added"));
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) user_skills = NULL;
  g_autoptr(SlSkillTaxonomy) shipped = NULL;
  const char *name;
  gboolean added = FALSE;
  SlStore *store;
  int status = SL_CLI_EXIT_OK;

  if (!sl_cli_parse_options (cli, context, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "usage", _("Usage: shortlist-cli skill remove NAME"));
  if (!g_utf8_validate (argv[1], -1, NULL))
    return sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "invalid_text", _("Arguments must be UTF-8 text"));
  name = g_strstrip (argv[1]);

  if (!(store = sl_cli_get_store (cli)))
    return SL_CLI_EXIT_FAILED;
  if (!(user_skills = sl_store_list_user_skills (store, &error)))
    return sl_cli_fail_error (cli, error);
  for (guint i = 0; i < user_skills->len && !added; i++)
    added = g_utf8_collate (((SlStoreSkill *)g_ptr_array_index (user_skills, i))->name, name) == 0;

  /* A shipped skill is not the user's to remove (their aliases of it are). */
  shipped = sl_skill_taxonomy_new_default (NULL);
  if (!added && shipped != NULL && sl_skill_taxonomy_lookup (shipped, name) != NULL)
    return sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "builtin",
                        _("“%s” ships with Shortlist and cannot be removed"), name);

  if (!sl_store_remove_skill (store, name, &error))
    return sl_cli_fail_error (cli, error);

  if (sl_cli_get_json (cli))
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "removed");
      json_builder_add_string_value (builder, name);
      json_builder_end_object (builder);
      sl_cli_print_json (cli, json_builder_get_root (builder));
    }
  else
    sl_cli_print (cli, _("Removed the skill “%s”"), name);
  return SL_CLI_EXIT_OK;
}

int
sl_cli_skill_run (SlCli  *cli,
                  int     argc,
                  char  **argv)
{
  static const SlCliCommand subcommands[] = {
    { "add", NULL, skill_add },
    { "list", NULL, skill_list },
    { "remove", NULL, skill_remove },
  };

  return sl_cli_dispatch (cli, argc, argv, subcommands, G_N_ELEMENTS (subcommands),
                          _("Usage: shortlist-cli skill add|list|remove …"));
}
