/* The credentials chain, profile parsing (including malformed files),
 * region resolution and endpoint overrides. */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "sl-aws-client.h"
#include "sl-aws-credentials.h"

#define FILE_SECRET "fileSecretKey/abcdefghijklmnopqrstuvwxyz012"

/* g_get_home_dir() caches $HOME on first use: one home for the whole run. */
static char *home;

typedef struct
{
  char *home;
  char *credentials;
  char *config;
} Fixture;

static const char * const variables[] = {
  "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE",
  "AWS_SHARED_CREDENTIALS_FILE", "AWS_CONFIG_FILE", "AWS_REGION", "AWS_DEFAULT_REGION",
  "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL_BEDROCK_RUNTIME",
  "AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME", "AWS_ENDPOINT_URL_TRANSCRIBE",
  "AWS_ENDPOINT_URL_REKOGNITION", "AWS_ENDPOINT_URL_POLLY",
};

static void
write_file (const char *path,
            const char *contents)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *aws = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (variables); i++)
    g_unsetenv (variables[i]);

  f->home = g_strdup (home);
  aws = g_build_filename (f->home, ".aws", NULL);
  g_mkdir (aws, 0700);
  f->credentials = g_build_filename (aws, "credentials", NULL);
  f->config = g_build_filename (aws, "config", NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *aws = g_build_filename (f->home, ".aws", NULL);
  g_autofree char *other = g_build_filename (f->home, "other-credentials", NULL);

  g_unlink (f->credentials);
  g_unlink (f->config);
  g_unlink (other);
  g_rmdir (aws);
  g_free (f->home);
  g_free (f->credentials);
  g_free (f->config);
}

static SlAwsCredentials *
resolve (const char  *profile,
         GError     **error)
{
  return sl_aws_credentials_resolve (profile, SL_AWS_CHAIN_NO_KEYRING, NULL, error);
}

static const char credentials_file[] =
  "# Shared credentials\n"
  "[default]\n"
  "aws_access_key_id = AKIDDEFAULT\n"
  "aws_secret_access_key=" FILE_SECRET "\n"
  "\n"
  "; another comment style\n"
  "[work]\n"
  "  aws_access_key_id   =   AKIDWORK  \r\n"
  "aws_secret_access_key = workSecret\r\n"
  "aws_session_token = workToken\n";

static const char config_file[] =
  "[default]\n"
  "region = eu-west-1\n"
  "s3 =\n"
  "  max_concurrent_requests = 10\n"
  "  addressing_style = path\n"
  "\n"
  "[profile dev]\n"
  "region = ap-southeast-2\n"
  "aws_access_key_id = AKIDDEV\n"
  "aws_secret_access_key = devSecret\n"
  "\n"
  "[profile work]\n"
  "region = us-east-2\n"
  "aws_access_key_id = AKIDCONFIGWORK\n"
  "aws_secret_access_key = configWorkSecret\n"
  "\n"
  "[staging]\n"
  "aws_access_key_id = AKIDNOTAPROFILE\n"
  "aws_secret_access_key = notAProfile\n";

static void
test_environment_first (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(SlAwsCredentials) creds = NULL;
  g_autoptr(GError) error = NULL;

  write_file (f->credentials, credentials_file);
  g_setenv ("AWS_ACCESS_KEY_ID", "AKIDENV", TRUE);
  g_setenv ("AWS_SECRET_ACCESS_KEY", "envSecret", TRUE);
  g_setenv ("AWS_SESSION_TOKEN", "envToken", TRUE);
  g_setenv ("AWS_PROFILE", "work", TRUE);

  creds = resolve (NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (creds->access_key_id, ==, "AKIDENV");
  g_assert_cmpstr (creds->secret_access_key, ==, "envSecret");
  g_assert_cmpstr (creds->session_token, ==, "envToken");
  g_assert_cmpstr (creds->source, ==, "environment");
}

static void
test_partial_environment_ignored (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(SlAwsCredentials) creds = NULL;
  g_autoptr(GError) error = NULL;

  write_file (f->credentials, credentials_file);
  g_setenv ("AWS_ACCESS_KEY_ID", "AKIDENV", TRUE);

  creds = resolve (NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (creds->access_key_id, ==, "AKIDDEFAULT");
  g_assert_cmpstr (creds->secret_access_key, ==, FILE_SECRET);
  g_assert_null (creds->session_token);
  g_assert_cmpstr (creds->source, ==, "shared-files");
}

static void
test_profiles (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(SlAwsCredentials) work = NULL;
  g_autoptr(SlAwsCredentials) dev = NULL;
  g_autoptr(SlAwsCredentials) staging = NULL;
  g_autoptr(SlAwsCredentials) chosen = NULL;
  g_autoptr(GError) error = NULL;

  write_file (f->credentials, credentials_file);
  write_file (f->config, config_file);

  /* AWS_PROFILE picks the section; the credentials file wins over keys in config. */
  g_setenv ("AWS_PROFILE", "work", TRUE);
  work = resolve (NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (work->access_key_id, ==, "AKIDWORK");
  g_assert_cmpstr (work->secret_access_key, ==, "workSecret");
  g_assert_cmpstr (work->session_token, ==, "workToken");

  /* Keys only in config's [profile dev]. */
  dev = resolve ("dev", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (dev->access_key_id, ==, "AKIDDEV");

  /* In config a non-default profile needs the "profile " prefix. */
  staging = resolve ("staging", &error);
  g_assert_error (error, SL_AWS_ERROR, SL_AWS_ERROR_NO_CREDENTIALS);
  g_assert_null (staging);
  g_clear_error (&error);

  /* An explicit profile beats AWS_PROFILE. */
  chosen = resolve ("default", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (chosen->access_key_id, ==, "AKIDDEFAULT");
}

static void
test_file_overrides (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *other = g_build_filename (f->home, "other-credentials", NULL);
  g_autoptr(SlAwsCredentials) creds = NULL;
  g_autoptr(GError) error = NULL;

  write_file (f->credentials, credentials_file);
  write_file (other,
              "[default]\naws_access_key_id = AKIDOTHER\naws_secret_access_key = otherSecret\n");
  g_setenv ("AWS_SHARED_CREDENTIALS_FILE", other, TRUE);
  g_setenv ("AWS_CONFIG_FILE", "~/.aws/nonexistent-config", TRUE);

  creds = resolve (NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (creds->access_key_id, ==, "AKIDOTHER");
}

static void
test_malformed (Fixture       *f,
                gconstpointer  data)
{
  const char *bad[] = {
    "[default\naws_access_key_id = AKID\naws_secret_access_key = " FILE_SECRET "\n",
    "[default]\naws_access_key_id AKID\naws_secret_access_key " FILE_SECRET "\n",
    "[default]\n = " FILE_SECRET "\n",
    "[default]\naws_secret_access_key = " FILE_SECRET "\n\x01\xff\xfe binary\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(SlAwsCredentials) creds = NULL;
      g_autoptr(GError) error = NULL;

      write_file (f->credentials, bad[i]);
      creds = resolve (NULL, &error);
      g_assert_error (error, SL_AWS_ERROR, SL_AWS_ERROR_CONFIG);
      g_assert_null (creds);
      /* The message names the file, never its contents. */
      g_assert_nonnull (strstr (error->message, f->credentials));
      g_assert_null (strstr (error->message, FILE_SECRET));
      g_assert_null (strstr (error->message, "AKID"));
    }
}

static void
test_nothing_found (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(SlAwsCredentials) creds = NULL;
  g_autoptr(GError) error = NULL;

  creds = resolve (NULL, &error);
  g_assert_error (error, SL_AWS_ERROR, SL_AWS_ERROR_NO_CREDENTIALS);
  g_assert_null (creds);
}

static void
test_region (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *none = NULL;
  char *region;

  none = sl_aws_region_resolve (NULL, NULL, &error);
  g_assert_error (error, SL_AWS_ERROR, SL_AWS_ERROR_NO_REGION);
  g_assert_null (none);
  g_clear_error (&error);

  region = sl_aws_region_resolve (NULL, "sa-east-1", &error);
  g_assert_cmpstr (region, ==, "sa-east-1");
  g_free (region);

  write_file (f->config, config_file);
  region = sl_aws_region_resolve (NULL, "sa-east-1", &error);
  g_assert_cmpstr (region, ==, "eu-west-1");
  g_free (region);
  region = sl_aws_region_resolve ("dev", NULL, &error);
  g_assert_cmpstr (region, ==, "ap-southeast-2");
  g_free (region);

  g_setenv ("AWS_DEFAULT_REGION", "us-west-1", TRUE);
  region = sl_aws_region_resolve ("dev", NULL, &error);
  g_assert_cmpstr (region, ==, "us-west-1");
  g_free (region);

  g_setenv ("AWS_REGION", "ca-central-1", TRUE);
  region = sl_aws_region_resolve ("dev", NULL, &error);
  g_assert_cmpstr (region, ==, "ca-central-1");
  g_free (region);
  g_assert_no_error (error);
}

static void
test_endpoints (Fixture       *f,
                gconstpointer  data)
{
  static const struct {
    SlAwsService service;
    const char *expected;
  } defaults[] = {
    { SL_AWS_SERVICE_S3, "https://s3.eu-west-1.amazonaws.com" },
    { SL_AWS_SERVICE_BEDROCK_RUNTIME, "https://bedrock-runtime.eu-west-1.amazonaws.com" },
    { SL_AWS_SERVICE_SAGEMAKER_RUNTIME, "https://runtime.sagemaker.eu-west-1.amazonaws.com" },
    { SL_AWS_SERVICE_TRANSCRIBE, "https://transcribe.eu-west-1.amazonaws.com" },
    { SL_AWS_SERVICE_REKOGNITION, "https://rekognition.eu-west-1.amazonaws.com" },
    { SL_AWS_SERVICE_POLLY, "https://polly.eu-west-1.amazonaws.com" },
  };
  gboolean custom = TRUE;
  char *url;

  for (guint i = 0; i < G_N_ELEMENTS (defaults); i++)
    {
      url = sl_aws_endpoint_resolve (defaults[i].service, "eu-west-1", &custom);
      g_assert_cmpstr (url, ==, defaults[i].expected);
      g_assert_false (custom);
      g_free (url);
    }

  url = sl_aws_endpoint_resolve (SL_AWS_SERVICE_S3, "cn-north-1", NULL);
  g_assert_cmpstr (url, ==, "https://s3.cn-north-1.amazonaws.com.cn");
  g_free (url);

  g_setenv ("AWS_ENDPOINT_URL", "http://127.0.0.1:9000/", TRUE);
  g_setenv ("AWS_ENDPOINT_URL_POLLY", "http://127.0.0.1:9100", TRUE);
  url = sl_aws_endpoint_resolve (SL_AWS_SERVICE_REKOGNITION, "eu-west-1", &custom);
  g_assert_cmpstr (url, ==, "http://127.0.0.1:9000");
  g_assert_true (custom);
  g_free (url);
  url = sl_aws_endpoint_resolve (SL_AWS_SERVICE_POLLY, "eu-west-1", &custom);
  g_assert_cmpstr (url, ==, "http://127.0.0.1:9100");
  g_free (url);
}

static void
test_presign_url (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(SlAwsCredentials) creds = sl_aws_credentials_new ("AKIDEXAMPLE", FILE_SECRET,
                                                              "tok/en+=");
  g_autoptr(SlAwsClient) client = sl_aws_client_new (creds, "us-east-1");
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *bad = NULL;
  SlAwsRequest request = { 0 };

  request.service = SL_AWS_SERVICE_S3;
  request.method = "GET";
  request.host_prefix = "bucket.";
  request.path = "/a%20b.pdf";

  url = sl_aws_client_presign (client, &request, 900, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (url, "https://bucket.s3.us-east-1.amazonaws.com/a%20b.pdf?"));
  g_assert_nonnull (strstr (url, "X-Amz-Expires=900"));
  g_assert_nonnull (strstr (url, "X-Amz-Security-Token=tok%2Fen%2B%3D"));
  g_assert_null (strstr (url, FILE_SECRET));

  bad = sl_aws_client_presign (client, &request, 604801, &error);
  g_assert_error (error, SL_AWS_ERROR, SL_AWS_ERROR_FAILED);
  g_assert_null (bad);
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  home = g_dir_make_tmp ("shortlist-aws-home-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("HOME", home, TRUE);
  g_assert_cmpstr (g_get_home_dir (), ==, home);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/sl/aws/credentials/environment-first", test_environment_first);
  ADD ("/sl/aws/credentials/partial-environment-ignored", test_partial_environment_ignored);
  ADD ("/sl/aws/credentials/profiles", test_profiles);
  ADD ("/sl/aws/credentials/file-overrides", test_file_overrides);
  ADD ("/sl/aws/credentials/malformed", test_malformed);
  ADD ("/sl/aws/credentials/nothing-found", test_nothing_found);
  ADD ("/sl/aws/credentials/region", test_region);
  ADD ("/sl/aws/endpoints", test_endpoints);
  ADD ("/sl/aws/presign-url", test_presign_url);
#undef ADD

  status = g_test_run ();
  g_rmdir (home);
  g_free (home);
  return status;
}
