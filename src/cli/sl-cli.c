#define G_LOG_DOMAIN "sl-cli"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <stdio.h>

#include "sl-cli-private.h"

gboolean
sl_cli_get_json (SlCli *cli)
{
  return cli->json;
}

const char *
sl_cli_get_db_path (SlCli *cli)
{
  return cli->db_path;
}

SlStore *
sl_cli_get_store (SlCli *cli)
{
  g_autoptr(GError) error = NULL;

  if (cli->store != NULL)
    return cli->store;

  if (!(cli->store = sl_store_new (cli->db_path, &error)))
    {
      cli->exit_status = sl_cli_fail_error (cli, error);
      return NULL;
    }
  return cli->store;
}

void
sl_cli_print_json (SlCli    *cli,
                   JsonNode *node)
{
  g_autoptr(JsonNode) owned = node;
  g_autofree char *text = json_to_string (owned, FALSE);

  fprintf (stdout, "%s\n", text);
  fflush (stdout);
}

void
sl_cli_print (SlCli      *cli,
              const char *format,
              ...)
{
  va_list args;

  if (cli->json)
    return;
  va_start (args, format);
  vfprintf (stdout, format, args);
  va_end (args);
  fputc ('\n', stdout);
}

static void
print_error (SlCli      *cli,
             const char *code,
             const char *message)
{
  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *text = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "error");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "code");
      json_builder_add_string_value (builder, code);
      json_builder_set_member_name (builder, "message");
      json_builder_add_string_value (builder, message);
      json_builder_end_object (builder);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      text = json_to_string (root, FALSE);
      fprintf (stderr, "%s\n", text);
    }
  else
    {
      /* Translators: the prefix of an error message on the command line. */
      fprintf (stderr, _("shortlist-cli: %s\n"), message);
    }
}

int
sl_cli_fail (SlCli      *cli,
             int         exit_status,
             const char *code,
             const char *format,
             ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  print_error (cli, code, message);
  return exit_status;
}

const char *
sl_cli_error_code (const GError *error)
{
  if (error->domain == SL_STORE_ERROR)
    {
      switch (error->code)
        {
        case SL_STORE_ERROR_TOO_NEW:
          return "database_too_new";
        case SL_STORE_ERROR_CONSTRAINT:
          return "constraint";
        case SL_STORE_ERROR_NOT_FOUND:
          return "not_found";
        case SL_STORE_ERROR_CORRUPT:
          return "database_unreadable";
        case SL_STORE_ERROR_BUSY:
          return "busy";
        case SL_STORE_ERROR_INVALID:
          return "invalid";
        case SL_STORE_ERROR_CANT_OPEN:
          return "cannot_open";
        default:
          return "database_error";
        }
    }
  if (error->domain == G_FILE_ERROR || error->domain == G_IO_ERROR)
    return "file_error";
  if (error->domain == G_OPTION_ERROR)
    return "usage";
  if (error->domain == G_CONVERT_ERROR)
    return "invalid_text";
  return "failed";
}

int
sl_cli_fail_error (SlCli        *cli,
                   const GError *error)
{
  int status = SL_CLI_EXIT_FAILED;

  if (error->domain == SL_STORE_ERROR && error->code == SL_STORE_ERROR_INVALID)
    status = SL_CLI_EXIT_USAGE;
  print_error (cli, sl_cli_error_code (error), error->message);
  return status;
}

gboolean
sl_cli_parse_options (SlCli           *cli,
                      GOptionContext  *context,
                      int             *argc,
                      char          ***argv,
                      int             *exit_status)
{
  g_autoptr(GError) error = NULL;

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      *exit_status = sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "usage", "%s", error->message);
      return FALSE;
    }
  return TRUE;
}

gboolean
sl_cli_parse_id (SlCli      *cli,
                 const char *text,
                 const char *what,
                 gint64     *id,
                 int        *exit_status)
{
  guint64 value = 0;

  if (text == NULL ||
      !g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT64, &value, NULL))
    {
      /* Translators: %s is what the number refers to, e.g. “job”. */
      *exit_status = sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "usage",
                                  _("Expected the number of a %s, got “%s”"),
                                  what, text ? text : "");
      return FALSE;
    }
  *id = (gint64)value;
  return TRUE;
}

char *
sl_cli_read_text_file (const char  *path,
                       gsize        max_size,
                       GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);
  g_autoptr(GFileInfo) info = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!(info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                  G_FILE_QUERY_INFO_NONE, NULL, error)))
    return NULL;
  if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
                   _("“%s” is not a regular file"), path);
      return NULL;
    }
  if ((guint64)g_file_info_get_size (info) > max_size)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE,
                   _("“%s” is too large (the limit is %lu KiB)"),
                   path, (unsigned long) (max_size / 1024));
      return NULL;
    }
  if (!g_file_load_contents (file, NULL, &contents, &length, NULL, error))
    return NULL;
  if (length > max_size)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE,
                   _("“%s” is too large (the limit is %lu KiB)"),
                   path, (unsigned long) (max_size / 1024));
      return NULL;
    }
  if (!g_utf8_validate_len (contents, length, NULL) || memchr (contents, '\0', length) != NULL)
    {
      g_set_error (error, G_CONVERT_ERROR, G_CONVERT_ERROR_ILLEGAL_SEQUENCE,
                   _("“%s” is not UTF-8 text"), path);
      return NULL;
    }
  return g_steal_pointer (&contents);
}

int
sl_cli_dispatch (SlCli              *cli,
                 int                 argc,
                 char              **argv,
                 const SlCliCommand *subcommands,
                 guint               n_subcommands,
                 const char         *usage)
{
  if (argc >= 2)
    {
      for (guint i = 0; i < n_subcommands; i++)
        {
          if (g_strcmp0 (argv[1], subcommands[i].name) == 0)
            return subcommands[i].run (cli, argc - 1, argv + 1);
        }
    }

  return sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "usage", "%s", usage);
}
