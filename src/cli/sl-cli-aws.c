#define G_LOG_DOMAIN "sl-cli"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "sl-aws-check.h"
#include "sl-cli.h"
#include "sl-sigv4.h"

/* A request body to sign: anything larger is not a diagnostic. */
#define MAX_BODY_SIZE (64 * 1024 * 1024)

static int
fail_aws (SlCli        *cli,
          const GError *error)
{
  if (error->domain == SL_AWS_ERROR)
    return sl_cli_fail (cli, SL_CLI_EXIT_FAILED, sl_aws_error_code_to_string (error->code), "%s",
                        error->message);
  return sl_cli_fail_error (cli, error);
}

static GDateTime *
parse_amz_time (const char *text)
{
  int year, month, day, hour, minute, second;
  char z = 0;

  if (text == NULL || strlen (text) != 16 ||
      sscanf (text, "%4d%2d%2dT%2d%2d%2d%c", &year, &month, &day, &hour, &minute, &second,
              &z) != 7 ||
      z != 'Z')
    return NULL;
  return g_date_time_new_utc (year, month, day, hour, minute, second);
}

static int
aws_sign_request (SlCli  *cli,
                  int     argc,
                  char  **argv)
{
  g_autofree char *service = NULL;
  g_autofree char *region = NULL;
  g_autofree char *time_text = NULL;
  g_autofree char *method = NULL;
  g_autofree char *url = NULL;
  g_autofree char *body_file = NULL;
  g_auto(GStrv) headers = NULL;
  gboolean unsigned_payload = FALSE;
  int presign = 0;
  g_autoptr(GOptionContext) context = g_option_context_new (_("— sign a request without sending it"));
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) time = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(SlAwsCredentials) credentials = NULL;
  g_autoptr(SlSigv4Request) request = NULL;
  g_autoptr(SlSigv4Result) result = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  gboolean has_host = FALSE;
  SlSigv4Flags flags = SL_SIGV4_NONE;
  int status = SL_CLI_EXIT_OK;
  const GOptionEntry entries[] = {
    { "service", 0, 0, G_OPTION_ARG_STRING, &service, N_("Signing name of the service, such as s3 or bedrock (required)"), N_("NAME") },
    { "region", 0, 0, G_OPTION_ARG_STRING, &region, N_("Region, such as us-east-1 (required)"), N_("REGION") },
    { "time", 0, 0, G_OPTION_ARG_STRING, &time_text, N_("Signing time as YYYYMMDDTHHMMSSZ (default: now)"), N_("TIME") },
    { "method", 0, 0, G_OPTION_ARG_STRING, &method, N_("HTTP method (default: GET)"), N_("METHOD") },
    { "url", 0, 0, G_OPTION_ARG_STRING, &url, N_("The request URL (required)"), N_("URL") },
    { "header", 0, 0, G_OPTION_ARG_STRING_ARRAY, &headers, N_("A header to sign, “Name: value”; repeat as needed"), N_("HEADER") },
    { "body-file", 0, 0, G_OPTION_ARG_FILENAME, &body_file, N_("Hash the body from this file"), N_("FILE") },
    { "unsigned-payload", 0, 0, G_OPTION_ARG_NONE, &unsigned_payload, N_("Sign UNSIGNED-PAYLOAD instead of the body’s hash"), NULL },
    { "presign", 0, 0, G_OPTION_ARG_INT, &presign, N_("Make a presigned URL valid this many seconds"), N_("SECONDS") },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!sl_cli_parse_options (cli, context, &argc, &argv, &status))
    return status;
  if (argc > 1)
    return sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "usage", _("Unexpected argument “%s”"), argv[1]);
  if (service == NULL || region == NULL || url == NULL)
    return sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "usage", _("Give --service, --region and --url"));
  if (body_file != NULL && unsigned_payload)
    return sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "usage",
                        _("Use --body-file or --unsigned-payload, not both"));
  if (presign < 0 || presign > 604800)
    return sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "usage", _("--presign takes 1 to 604800 seconds"));
  if (time_text != NULL && !(time = parse_amz_time (time_text)))
    return sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "usage",
                        _("The time must look like 20150830T123600Z, not “%s”"), time_text);
  if (!(uri = g_uri_parse (url, G_URI_FLAGS_ENCODED, NULL)) || g_uri_get_host (uri) == NULL)
    return sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "usage", _("“%s” is not a URL"), url);

  if (!(credentials = sl_aws_credentials_resolve (NULL, SL_AWS_CHAIN_DEFAULT, NULL, &error)))
    return fail_aws (cli, error);

  request = sl_sigv4_request_new (method != NULL ? method : "GET", g_uri_get_path (uri),
                                  g_uri_get_query (uri));
  for (guint i = 0; headers != NULL && headers[i] != NULL; i++)
    {
      const char *colon = strchr (headers[i], ':');
      g_autofree char *name = NULL;

      if (colon == NULL || colon == headers[i])
        return sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "usage",
                            _("A header looks like “Name: value”, not “%s”"), headers[i]);
      name = g_strndup (headers[i], colon - headers[i]);
      g_strstrip (name);
      if (g_ascii_strcasecmp (name, "host") == 0)
        has_host = TRUE;
      sl_sigv4_request_add_header (request, name, colon + 1);
    }
  if (!has_host)
    {
      int port = g_uri_get_port (uri);
      g_autofree char *host = port > 0 ? g_strdup_printf ("%s:%d", g_uri_get_host (uri), port)
                                       : g_strdup (g_uri_get_host (uri));

      sl_sigv4_request_add_header (request, "Host", host);
    }

  if (body_file != NULL)
    {
      g_autofree char *contents = NULL;
      gsize length = 0;

      if (!g_file_get_contents (body_file, &contents, &length, &error))
        return sl_cli_fail_error (cli, error);
      if (length > MAX_BODY_SIZE)
        return sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "too_large",
                            _("The body file is too large to sign here"));
      sl_sigv4_request_set_payload (request, (const guint8 *)contents, length);
    }
  else if (unsigned_payload || (presign > 0 && g_str_equal (service, "s3")))
    sl_sigv4_request_set_payload_hash (request, SL_SIGV4_UNSIGNED_PAYLOAD);

  if (g_str_equal (service, "s3"))
    flags |= SL_SIGV4_S3_PATH | (presign > 0 ? 0 : SL_SIGV4_CONTENT_SHA256);

  if (presign > 0)
    result = sl_sigv4_presign (request, credentials, region, service, time, presign, flags);
  else
    result = sl_sigv4_sign_headers (request, credentials, region, service, time, flags);

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "canonical_request");
  json_builder_add_string_value (builder, result->canonical_request);
  json_builder_set_member_name (builder, "string_to_sign");
  json_builder_add_string_value (builder, result->string_to_sign);
  json_builder_set_member_name (builder, "signature");
  json_builder_add_string_value (builder, result->signature);
  if (presign > 0)
    {
      g_autoptr(GUri) signed_uri = g_uri_build (G_URI_FLAGS_ENCODED, g_uri_get_scheme (uri), NULL,
                                                g_uri_get_host (uri), g_uri_get_port (uri),
                                                g_uri_get_path (uri), result->query, NULL);
      g_autofree char *signed_url = g_uri_to_string (signed_uri);

      json_builder_set_member_name (builder, "url");
      json_builder_add_string_value (builder, signed_url);
    }
  else
    {
      json_builder_set_member_name (builder, "authorization");
      json_builder_add_string_value (builder, result->authorization);
    }
  json_builder_end_object (builder);

  if (sl_cli_get_json (cli))
    sl_cli_print_json (cli, json_builder_get_root (builder));
  else
    {
      sl_cli_print (cli, "%s\n%s\n", _("Canonical request:"), result->canonical_request);
      sl_cli_print (cli, "%s\n%s\n", _("String to sign:"), result->string_to_sign);
      sl_cli_print (cli, "%s %s", _("Signature:"), result->signature);
      if (presign > 0)
        sl_cli_print (cli, "%s %s", _("URL:"),
                      json_object_get_string_member (json_node_get_object (json_builder_get_root (builder)), "url"));
      else
        sl_cli_print (cli, "%s %s", _("Authorization:"), result->authorization);
    }

  return SL_CLI_EXIT_OK;
}

static void
report (SlCli            *cli,
        SlAwsCheckResult *result)
{
  const GError *error = result->error;

  if (sl_cli_get_json (cli))
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "service");
      json_builder_add_string_value (builder, result->service);
      json_builder_set_member_name (builder, "ok");
      json_builder_add_boolean_value (builder, error == NULL);
      json_builder_set_member_name (builder, "error");
      if (error != NULL)
        json_builder_add_string_value (builder, error->message);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "code");
      if (error != NULL)
        json_builder_add_string_value (builder, error->domain == SL_AWS_ERROR
                                                ? sl_aws_error_code_to_string (error->code)
                                                : sl_cli_error_code (error));
      else
        json_builder_add_null_value (builder);
      json_builder_end_object (builder);
      sl_cli_print_json (cli, json_builder_get_root (builder));
    }
  else if (error == NULL)
    /* Translators: %s is a service, such as “Storage (Amazon S3)”. */
    sl_cli_print (cli, _("%s: works"), result->title);
  else
    /* Translators: the first %s is a service, the second why it failed. */
    sl_cli_print (cli, _("%s: does not work — %s"), result->title, error->message);
}

static int
aws_check (SlCli  *cli,
           int     argc,
           char  **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— check each configured AWS service"));
  g_autoptr(SlAwsConfig) config = NULL;
  g_autoptr(GPtrArray) results = NULL;
  int status = SL_CLI_EXIT_OK;
  guint n_failed = 0;

  if (!sl_cli_parse_options (cli, context, &argc, &argv, &status))
    return status;
  if (argc > 1)
    return sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "usage", _("Unexpected argument “%s”"), argv[1]);

  config = sl_aws_config_load ();
  results = sl_aws_check_run (config, NULL);
  if (results->len == 0)
    return sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "not_configured",
                        _("No AWS service is switched on: set them up in Preferences → Cloud"));

  for (guint i = 0; i < results->len; i++)
    {
      SlAwsCheckResult *result = results->pdata[i];

      report (cli, result);
      if (result->error != NULL)
        n_failed++;
    }

  return n_failed == 0 ? SL_CLI_EXIT_OK : SL_CLI_EXIT_FAILED;
}

int
sl_cli_aws_run (SlCli  *cli,
                int     argc,
                char  **argv)
{
  static const SlCliCommand subcommands[] = {
    { "check",        N_("Check each configured AWS service"),            aws_check },
    { "sign-request", N_("Sign a request with SigV4 and print the steps"), aws_sign_request },
  };

  return sl_cli_dispatch (cli, argc, argv, subcommands, G_N_ELEMENTS (subcommands),
                          _("Usage: shortlist-cli aws check|sign-request [OPTIONS…]"));
}
