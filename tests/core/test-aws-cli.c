/* shortlist-cli aws sign-request against the SigV4 suite, and aws check
 * against the fake Bedrock/SageMaker server with settings from a keyfile. */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "../fakes/sl-fake-server.h"

#define SUITE_SECRET "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"

static char *
read_case (const char *name,
           const char *file)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "sigv4", "aws-c-auth", "v4",
                                                 name, file, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

/* Runs the CLI; returns stdout, sets *status and *err. */
static char *
run_cli (const char * const  *args,
         const char * const  *env,
         int                 *status,
         char               **err)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *cli = g_getenv ("SHORTLIST_CLI");
  char *out = NULL;

  g_assert_nonnull (cli);
  g_ptr_array_add (argv, (char *)cli);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *)args[i]);
  g_ptr_array_add (argv, NULL);

  g_subprocess_launcher_unsetenv (launcher, "AWS_PROFILE");
  g_subprocess_launcher_unsetenv (launcher, "AWS_SESSION_TOKEN");
  for (guint i = 0; env != NULL && env[i] != NULL; i += 2)
    g_subprocess_launcher_setenv (launcher, env[i], env[i + 1], TRUE);

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *)argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, err, &error);
  g_assert_no_error (error);
  *status = g_subprocess_get_exit_status (process);
  return out;
}

static JsonObject *
parse_line (const char *line)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, line, -1, &error);
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static const char * const suite_env[] = {
  "AWS_ACCESS_KEY_ID", "AKIDEXAMPLE",
  "AWS_SECRET_ACCESS_KEY", SUITE_SECRET,
  NULL,
};

static void
test_sign_request_header (void)
{
  const char *args[] = {
    "aws", "sign-request", "--service", "service", "--region", "us-east-1",
    "--time", "20150830T123600Z", "--method", "GET", "--url", "https://example.amazonaws.com/",
    "--header", "My-Header1: value1", "--header", "My-Header2: \"a   b   c\"", "--json", NULL
  };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *creq = read_case ("get-header-value-trim", "header-canonical-request.txt");
  g_autofree char *sts = read_case ("get-header-value-trim", "header-string-to-sign.txt");
  g_autofree char *signature = read_case ("get-header-value-trim", "header-signature.txt");
  g_autoptr(JsonObject) object = NULL;
  int status;

  out = run_cli (args, suite_env, &status, &err);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpuint (strlen (out), ==, strcspn (out, "\n") + 1);
  object = parse_line (out);
  g_assert_cmpstr (json_object_get_string_member (object, "canonical_request"), ==, creq);
  g_assert_cmpstr (json_object_get_string_member (object, "string_to_sign"), ==, sts);
  g_assert_cmpstr (json_object_get_string_member (object, "signature"), ==, signature);
  g_assert_true (g_str_has_suffix (json_object_get_string_member (object, "authorization"),
                                   signature));
  g_assert_null (strstr (out, SUITE_SECRET));
}

static void
test_sign_request_presign (void)
{
  const char *args[] = {
    "--json", "aws", "sign-request", "--service", "service", "--region", "us-east-1",
    "--time", "20150830T123600Z", "--url", "https://example.amazonaws.com/?Param1=value1",
    "--presign", "3600", NULL
  };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *signature = read_case ("get-vanilla-empty-query-key", "query-signature.txt");
  g_autoptr(JsonObject) object = NULL;
  const char *url;
  int status;

  out = run_cli (args, suite_env, &status, &err);
  g_assert_cmpint (status, ==, 0);
  object = parse_line (out);
  g_assert_cmpstr (json_object_get_string_member (object, "signature"), ==, signature);
  url = json_object_get_string_member (object, "url");
  g_assert_true (g_str_has_prefix (url, "https://example.amazonaws.com/?"));
  g_assert_true (g_str_has_suffix (url, signature));
  g_assert_false (json_object_has_member (object, "authorization"));
}

static void
test_sign_request_usage (void)
{
  const char *args[] = { "--json", "aws", "sign-request", "--service", "s3", "--time", "yesterday",
                         "--region", "us-east-1", "--url", "https://b.s3.amazonaws.com/k", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonObject) object = NULL;
  int status;

  out = run_cli (args, suite_env, &status, &err);
  g_assert_cmpint (status, ==, 2);
  g_assert_cmpstr (out, ==, "");
  object = parse_line (err);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (object, "error"),
                                                  "code"), ==, "usage");
}

static void
test_check (void)
{
  g_autoptr(FakeServer) server = fake_server_start ("aws-fake.js", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *settings_dir = NULL;
  g_autofree char *keyfile = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                      (GDestroyNotify)json_object_unref);
  const char *schema_dir = g_getenv ("GSETTINGS_SCHEMA_DIR");
  const char *args[] = { "--json", "aws", "check", NULL };
  JsonObject *line;
  int status;

  if (server == NULL)
    return;
  g_assert_nonnull (schema_dir);

  dir = g_dir_make_tmp ("shortlist-cli-aws-XXXXXX", &error);
  g_assert_no_error (error);
  settings_dir = g_build_filename (dir, "glib-2.0", "settings", NULL);
  g_mkdir_with_parents (settings_dir, 0700);
  keyfile = g_build_filename (settings_dir, "keyfile", NULL);
  g_file_set_contents (keyfile,
                       "[io/github/shortlist/Shortlist/cloud]\n"
                       "region='eu-central-1'\n"
                       "bedrock-embeddings-enabled=true\n"
                       "bedrock-embedding-dimension=uint32 256\n"
                       "bedrock-chat-enabled=true\n"
                       "bedrock-chat-model='fault-403'\n"
                       "sagemaker-scoring-enabled=true\n"
                       "sagemaker-endpoint='shortlist-screening'\n",
                       -1, &error);
  g_assert_no_error (error);

  {
    const char *env[] = {
      "AWS_ACCESS_KEY_ID", FAKE_ACCESS_KEY,
      "AWS_SECRET_ACCESS_KEY", FAKE_SECRET_KEY,
      "AWS_ENDPOINT_URL", server->base_url,
      "GSETTINGS_BACKEND", "keyfile",
      "XDG_CONFIG_HOME", dir,
      "HOME", dir,
      NULL,
    };

    out = run_cli (args, env, &status, &err);
  }

  /* One line per configured service; the chat model is refused. */
  g_assert_cmpint (status, ==, 1);
  lines = g_strsplit (g_strstrip (out), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 3);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      JsonObject *object = parse_line (lines[i]);

      g_hash_table_insert (seen, g_strdup (json_object_get_string_member (object, "service")),
                           object);
    }
  line = g_hash_table_lookup (seen, "bedrock-embeddings");
  g_assert_true (json_object_get_boolean_member (line, "ok"));
  g_assert_true (json_object_get_null_member (line, "error"));
  line = g_hash_table_lookup (seen, "sagemaker");
  g_assert_true (json_object_get_boolean_member (line, "ok"));
  line = g_hash_table_lookup (seen, "bedrock-chat");
  g_assert_false (json_object_get_boolean_member (line, "ok"));
  g_assert_cmpstr (json_object_get_string_member (line, "code"), ==, "signature");
  g_assert_nonnull (json_object_get_string_member (line, "error"));
  g_assert_null (strstr (out, FAKE_SECRET_KEY));
  g_assert_null (strstr (err, FAKE_SECRET_KEY));

  g_unlink (keyfile);
  g_rmdir (settings_dir);
  {
    g_autofree char *glib_dir = g_build_filename (dir, "glib-2.0", NULL);

    g_rmdir (glib_dir);
  }
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sl/aws/cli/sign-request-header", test_sign_request_header);
  g_test_add_func ("/sl/aws/cli/sign-request-presign", test_sign_request_presign);
  g_test_add_func ("/sl/aws/cli/sign-request-usage", test_sign_request_usage);
  g_test_add_func ("/sl/aws/cli/check", test_check);

  return g_test_run ();
}
