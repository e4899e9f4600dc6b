/* The official SigV4 test suites, every case: botocore's copy of the AWS
 * suite and aws-c-auth's v4 suite (header signing and presigning). */
#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "sl-sigv4.h"

#define ACCESS_KEY "AKIDEXAMPLE"
#define SECRET_KEY "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"

typedef struct
{
  char      *method;
  char      *path;
  char      *query;
  GPtrArray *headers;   /* name, value, … */
  GBytes    *body;
} ParsedRequest;

static void
parsed_request_free (ParsedRequest *req)
{
  g_free (req->method);
  g_free (req->path);
  g_free (req->query);
  g_ptr_array_unref (req->headers);
  g_bytes_unref (req->body);
  g_free (req);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ParsedRequest, parsed_request_free)

static char *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

/* A raw HTTP request as the suites write it: the request line may hold
 * spaces and raw UTF-8, and header values may continue on indented lines. */
static ParsedRequest *
parse_request (const char *text)
{
  ParsedRequest *req = g_new0 (ParsedRequest, 1);
  const char *line_end = strchr (text, '\n');
  g_autofree char *request_line = g_strndup (text,
                                             line_end != NULL ? line_end - text : (gssize)strlen (text));
  const char *first_space = strchr (request_line, ' ');
  const char *http = g_strrstr (request_line, " HTTP/");
  g_autofree char *target = NULL;
  const char *question;
  const char *p;

  g_assert_nonnull (first_space);
  g_assert_nonnull (http);
  req->method = g_strndup (request_line, first_space - request_line);
  target = g_strndup (first_space + 1, http - first_space - 1);
  question = strchr (target, '?');
  req->path = g_strndup (target, question != NULL ? question - target : (gssize)strlen (target));
  req->query = g_strdup (question != NULL ? question + 1 : "");
  req->headers = g_ptr_array_new_with_free_func (g_free);
  req->body = g_bytes_new (NULL, 0);

  p = line_end != NULL ? line_end + 1 : text + strlen (text);
  while (*p != '\0')
    {
      const char *end = strchr (p, '\n');
      g_autofree char *line = g_strndup (p, end != NULL ? end - p : (gssize)strlen (p));

      p = end != NULL ? end + 1 : p + strlen (p);
      if (*line == '\0')
        {
          g_bytes_unref (req->body);
          req->body = g_bytes_new (p, strlen (p));
          break;
        }
      if ((line[0] == ' ' || line[0] == '\t') && req->headers->len > 0)
        {
          char **value = (char **)&req->headers->pdata[req->headers->len - 1];
          char *joined = g_strconcat (*value, "\n", line, NULL);

          g_free (*value);
          *value = joined;
        }
      else
        {
          const char *colon = strchr (line, ':');

          g_assert_nonnull (colon);
          g_ptr_array_add (req->headers, g_strndup (line, colon - line));
          g_ptr_array_add (req->headers, g_strdup (colon + 1));
        }
    }

  return req;
}

static SlSigv4Request *
to_sigv4_request (ParsedRequest *parsed)
{
  SlSigv4Request *request = sl_sigv4_request_new (parsed->method, parsed->path, parsed->query);
  gsize length;
  const guint8 *data = g_bytes_get_data (parsed->body, &length);

  for (guint i = 0; i + 1 < parsed->headers->len; i += 2)
    sl_sigv4_request_add_header (request, parsed->headers->pdata[i], parsed->headers->pdata[i + 1]);
  sl_sigv4_request_set_payload (request, data, length);

  return request;
}

static GDateTime *
suite_time (void)
{
  return g_date_time_new_utc (2015, 8, 30, 12, 36, 0);
}

/* botocore: <dir>/<name>.{req,creq,sts,authz,sreq} */
static void
test_botocore_case (gconstpointer data)
{
  const char *dir = data;
  g_autofree char *name = g_path_get_basename (dir);
  g_autofree char *stem = g_build_filename (dir, name, NULL);
  g_autofree char *req_path = g_strconcat (stem, ".req", NULL);
  g_autofree char *creq_path = g_strconcat (stem, ".creq", NULL);
  g_autofree char *sts_path = g_strconcat (stem, ".sts", NULL);
  g_autofree char *authz_path = g_strconcat (stem, ".authz", NULL);
  g_autofree char *sreq_path = g_strconcat (stem, ".sreq", NULL);
  g_autofree char *req_text = read_file (req_path);
  g_autofree char *creq = read_file (creq_path);
  g_autofree char *sts = read_file (sts_path);
  g_autofree char *authz = read_file (authz_path);
  g_autofree char *sreq = read_file (sreq_path);
  g_autoptr(ParsedRequest) parsed = parse_request (req_text);
  g_autoptr(SlSigv4Request) request = to_sigv4_request (parsed);
  g_autoptr(SlAwsCredentials) creds = NULL;
  g_autoptr(SlSigv4Result) result = NULL;
  g_autoptr(GDateTime) time = suite_time ();
  g_autofree char *token = NULL;
  SlSigv4Flags flags = SL_SIGV4_NONE;
  const char *token_line;
  gboolean added_after = FALSE;

  /* The session token is the one the expected canonical request signs, or
   * (post-sts-header-after) the one the signed request adds afterwards. */
  if ((token_line = strstr (creq, "x-amz-security-token:")) != NULL)
    token = g_strndup (token_line + strlen ("x-amz-security-token:"),
                       strcspn (token_line + strlen ("x-amz-security-token:"), "\n"));
  else if ((token_line = strstr (sreq, "X-Amz-Security-Token:")) != NULL)
    {
      token = g_strndup (token_line + strlen ("X-Amz-Security-Token:"),
                         strcspn (token_line + strlen ("X-Amz-Security-Token:"), "\n"));
      /* The raw request may already carry it; only then is it signed. */
      if (strstr (req_text, "X-Amz-Security-Token") == NULL)
        {
          flags |= SL_SIGV4_OMIT_SESSION_TOKEN;
          added_after = TRUE;
        }
    }

  creds = sl_aws_credentials_new (ACCESS_KEY, SECRET_KEY, token);
  result = sl_sigv4_sign_headers (request, creds, "us-east-1", "service", time, flags);

  g_assert_cmpstr (result->canonical_request, ==, creq);
  g_assert_cmpstr (result->string_to_sign, ==, sts);
  g_assert_cmpstr (result->authorization, ==, authz);

  if (added_after)
    {
      gboolean found = FALSE;

      for (guint i = 0; i + 1 < result->add_headers->len; i += 2)
        if (g_str_equal (result->add_headers->pdata[i], "X-Amz-Security-Token") &&
            g_str_equal (result->add_headers->pdata[i + 1], token))
          found = TRUE;
      g_assert_true (found);
    }
}

typedef struct
{
  char *dir;
  gboolean query;
} AwsCAuthCase;

static char *
case_file (const char *dir,
           const char *variant,
           const char *what)
{
  g_autofree char *name = g_strdup_printf ("%s-%s.txt", variant, what);
  g_autofree char *path = g_build_filename (dir, name, NULL);

  return read_file (path);
}

static GPtrArray *
sorted_query_params (const char *query)
{
  GPtrArray *params = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) pieces = g_strsplit (query, "&", -1);

  for (guint i = 0; pieces[i] != NULL; i++)
    if (*pieces[i] != '\0')
      {
        /* The expected URLs leave raw UTF-8 in place: compare decoded forms. */
        char *decoded = g_uri_unescape_string (pieces[i], NULL);

        g_ptr_array_add (params, decoded != NULL ? decoded : g_strdup (pieces[i]));
      }
  return params;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(char * const *)a, *(char * const *)b);
}

static void
test_aws_c_auth_case (gconstpointer data)
{
  const AwsCAuthCase *c = data;
  const char *variant = c->query ? "query" : "header";
  g_autofree char *context_path = g_build_filename (c->dir, "context.json", NULL);
  g_autofree char *request_path = g_build_filename (c->dir, "request.txt", NULL);
  g_autofree char *request_text = read_file (request_path);
  g_autofree char *creq = case_file (c->dir, variant, "canonical-request");
  g_autofree char *sts = case_file (c->dir, variant, "string-to-sign");
  g_autofree char *signature = case_file (c->dir, variant, "signature");
  g_autofree char *signed_request = case_file (c->dir, variant, "signed-request");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(ParsedRequest) parsed = parse_request (request_text);
  g_autoptr(SlSigv4Request) request = to_sigv4_request (parsed);
  g_autoptr(SlAwsCredentials) creds = NULL;
  g_autoptr(SlSigv4Result) result = NULL;
  g_autoptr(GDateTime) time = suite_time ();
  JsonObject *context;
  JsonObject *credentials;
  SlSigv4Flags flags = SL_SIGV4_NONE;
  const char *token;

  json_parser_load_from_file (parser, context_path, &error);
  g_assert_no_error (error);
  context = json_node_get_object (json_parser_get_root (parser));
  credentials = json_object_get_object_member (context, "credentials");
  token = json_object_get_string_member_with_default (credentials, "token", NULL);
  creds = sl_aws_credentials_new (json_object_get_string_member (credentials, "access_key_id"),
                                  json_object_get_string_member (credentials, "secret_access_key"),
                                  token);

  g_assert_cmpstr (json_object_get_string_member (context, "timestamp"), ==,
                   "2015-08-30T12:36:00Z");
  if (!json_object_get_boolean_member_with_default (context, "normalize", TRUE))
    flags |= SL_SIGV4_NO_NORMALIZE;
  if (json_object_get_boolean_member_with_default (context, "omit_session_token", FALSE))
    flags |= SL_SIGV4_OMIT_SESSION_TOKEN;
  if (!c->query && json_object_get_boolean_member_with_default (context, "sign_body", FALSE))
    flags |= SL_SIGV4_CONTENT_SHA256;

  if (c->query)
    result = sl_sigv4_presign (request, creds,
                               json_object_get_string_member (context, "region"),
                               json_object_get_string_member (context, "service"),
                               time, json_object_get_int_member (context, "expiration_in_seconds"),
                               flags);
  else
    result = sl_sigv4_sign_headers (request, creds,
                                    json_object_get_string_member (context, "region"),
                                    json_object_get_string_member (context, "service"),
                                    time, flags);

  g_assert_cmpstr (result->canonical_request, ==, creq);
  g_assert_cmpstr (result->string_to_sign, ==, sts);
  g_assert_cmpstr (result->signature, ==, signature);

  if (c->query)
    {
      /* The signed URL carries the same parameters, in any order. */
      g_autoptr(ParsedRequest) expected = parse_request (signed_request);
      g_autoptr(GPtrArray) want = sorted_query_params (expected->query);
      g_autoptr(GPtrArray) got = sorted_query_params (result->query);

      g_ptr_array_sort (want, compare_strings);
      g_ptr_array_sort (got, compare_strings);
      g_assert_cmpuint (got->len, ==, want->len);
      for (guint i = 0; i < got->len; i++)
        g_assert_cmpstr (got->pdata[i], ==, want->pdata[i]);
    }
  else
    {
      g_autoptr(ParsedRequest) expected = parse_request (signed_request);
      const char *authorization = NULL;

      for (guint i = 0; i + 1 < expected->headers->len; i += 2)
        if (g_ascii_strcasecmp (expected->headers->pdata[i], "Authorization") == 0)
          authorization = expected->headers->pdata[i + 1];
      g_assert_cmpstr (result->authorization, ==, authorization);
      /* Every header the signer adds appears in the expected request. */
      for (guint i = 0; i + 1 < result->add_headers->len; i += 2)
        {
          gboolean found = FALSE;

          for (guint j = 0; j + 1 < expected->headers->len; j += 2)
            if (g_ascii_strcasecmp (expected->headers->pdata[j],
                                    result->add_headers->pdata[i]) == 0 &&
                g_str_equal (expected->headers->pdata[j + 1], result->add_headers->pdata[i + 1]))
              found = TRUE;
          g_assert_true (found);
        }
    }
}

static void
test_uri_encode (void)
{
  g_autofree char *a = sl_sigv4_uri_encode ("a b/c~d+é", -1, TRUE);
  g_autofree char *b = sl_sigv4_uri_encode ("a b/c", -1, FALSE);

  g_assert_cmpstr (a, ==, "a%20b/c~d%2B%C3%A9");
  g_assert_cmpstr (b, ==, "a%20b%2Fc");
}

/* S3 encodes the key once and keeps dot segments; other services normalise
 * and encode twice. */
static void
test_s3_path_rules (void)
{
  g_autoptr(SlAwsCredentials) creds = sl_aws_credentials_new (ACCESS_KEY, SECRET_KEY, NULL);
  g_autoptr(GDateTime) time = suite_time ();
  g_autoptr(SlSigv4Request) s3 = sl_sigv4_request_new ("GET", "/bucket/a%20b/../c", NULL);
  g_autoptr(SlSigv4Request) other = sl_sigv4_request_new ("GET", "/bucket/a%20b/../c", NULL);
  g_autoptr(SlSigv4Result) r1 = NULL;
  g_autoptr(SlSigv4Result) r2 = NULL;

  sl_sigv4_request_add_header (s3, "Host", "s3.amazonaws.com");
  sl_sigv4_request_set_payload_hash (s3, SL_SIGV4_UNSIGNED_PAYLOAD);
  r1 = sl_sigv4_sign_headers (s3, creds, "us-east-1", "s3", time,
                              SL_SIGV4_S3_PATH | SL_SIGV4_CONTENT_SHA256);
  g_assert_true (g_str_has_prefix (r1->canonical_request, "GET\n/bucket/a%20b/../c\n"));
  g_assert_nonnull (strstr (r1->canonical_request, "x-amz-content-sha256:UNSIGNED-PAYLOAD\n"));
  g_assert_nonnull (strstr (r1->authorization,
                            "SignedHeaders=host;x-amz-content-sha256;x-amz-date,"));

  sl_sigv4_request_add_header (other, "Host", "example.amazonaws.com");
  r2 = sl_sigv4_sign_headers (other, creds, "us-east-1", "service", time, SL_SIGV4_NONE);
  g_assert_true (g_str_has_prefix (r2->canonical_request, "GET\n/bucket/c\n"));
  g_assert_null (strstr (r2->canonical_request, "x-amz-content-sha256"));

  {
    g_autoptr(SlSigv4Request) enc = sl_sigv4_request_new ("GET", "/a%20b", NULL);
    g_autoptr(SlSigv4Result) r3 = NULL;

    sl_sigv4_request_add_header (enc, "Host", "example.amazonaws.com");
    r3 = sl_sigv4_sign_headers (enc, creds, "us-east-1", "service", time, SL_SIGV4_NONE);
    g_assert_true (g_str_has_prefix (r3->canonical_request, "GET\n/a%2520b\n"));
  }
}

static void
add_botocore_cases (const char *root,
                    const char *prefix)
{
  g_autoptr(GDir) dir = g_dir_open (root, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_strings);

  for (guint i = 0; i < names->len; i++)
    {
      const char *entry = names->pdata[i];
      g_autofree char *path = g_build_filename (root, entry, NULL);
      g_autofree char *req = g_strdup_printf ("%s/%s.req", path, entry);

      if (!g_file_test (path, G_FILE_TEST_IS_DIR) || g_str_equal (entry, "aws-c-auth"))
        continue;
      if (g_file_test (req, G_FILE_TEST_EXISTS))
        {
          g_autofree char *test_name = g_strdup_printf ("/sl/sigv4/botocore/%s%s", prefix, entry);

          g_test_add_data_func_full (test_name, g_strdup (path), test_botocore_case, g_free);
        }
      else
        {
          g_autofree char *sub_prefix = g_strdup_printf ("%s%s/", prefix, entry);

          add_botocore_cases (path, sub_prefix);
        }
    }
}

static void
aws_c_auth_case_free (gpointer data)
{
  AwsCAuthCase *c = data;

  g_free (c->dir);
  g_free (c);
}

int
main (int argc, char **argv)
{
  g_autofree char *root = NULL;
  g_autofree char *c_root = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_test_init (&argc, &argv, NULL);

  root = g_test_build_filename (G_TEST_DIST, "data", "sigv4", NULL);
  add_botocore_cases (root, "");

  c_root = g_build_filename (root, "aws-c-auth", "v4", NULL);
  dir = g_dir_open (c_root, 0, NULL);
  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_strings);
  for (guint i = 0; i < names->len; i++)
    {
      for (guint q = 0; q < 2; q++)
        {
          AwsCAuthCase *c = g_new0 (AwsCAuthCase, 1);
          g_autofree char *test_name = NULL;

          c->dir = g_build_filename (c_root, names->pdata[i], NULL);
          c->query = q == 1;
          test_name = g_strdup_printf ("/sl/sigv4/aws-c-auth/%s/%s", (char *)names->pdata[i],
                                       c->query ? "query" : "header");
          g_test_add_data_func_full (test_name, c, test_aws_c_auth_case, aws_c_auth_case_free);
        }
    }

  g_test_add_func ("/sl/sigv4/uri-encode", test_uri_encode);
  g_test_add_func ("/sl/sigv4/s3-path-rules", test_s3_path_rules);

  return g_test_run ();
}
