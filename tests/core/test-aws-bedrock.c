/* Bedrock Runtime and SageMaker Runtime against tests/fakes/aws-fake.js,
 * which recomputes every signature with the AWS SDK's signer, plus fault
 * injection: retries, clear errors, no crash, and no secret in any message
 * or log line. */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gstdio.h>

#include "sl-bedrock-chat.h"
#include "sl-bedrock-embedder.h"
#include "sl-sagemaker-scorer.h"
#include "../fakes/sl-fake-server.h"

static FakeServer *server;
static GString *log_lines;
static GMutex log_mutex;

static GLogWriterOutput
capture_writer (GLogLevelFlags   level,
                const GLogField *fields,
                gsize            n_fields,
                gpointer         user_data)
{
  g_mutex_lock (&log_mutex);
  for (gsize i = 0; i < n_fields; i++)
    if (g_str_equal (fields[i].key, "MESSAGE") && fields[i].length < 0)
      g_string_append_printf (log_lines, "%s\n", (const char *)fields[i].value);
  g_mutex_unlock (&log_mutex);
  if (level & G_LOG_LEVEL_DEBUG)
    return G_LOG_WRITER_HANDLED;
  return g_log_writer_default (level, fields, n_fields, user_data);
}

/* Every error a test sees joins the scanned text. */
static void
note_error (const GError *error)
{
  g_mutex_lock (&log_mutex);
  g_string_append_printf (log_lines, "%s\n", error->message);
  if (error->domain == SL_AWS_ERROR)
    g_string_append_printf (log_lines, "%s\n", sl_aws_error_get_aws_message (error) ?: "");
  g_mutex_unlock (&log_mutex);
}

static SlAwsClient *
make_client_with (const char *secret,
                  guint       attempts)
{
  g_autoptr(SlAwsCredentials) creds = sl_aws_credentials_new (FAKE_ACCESS_KEY, secret, FAKE_TOKEN);
  SlAwsClient *client = sl_aws_client_new (creds, "us-west-2");

  sl_aws_client_set_retry (client, attempts, 1, 5);
  sl_aws_client_set_timeout (client, 1);
  sl_aws_client_set_max_response_size (client, 1024 * 1024);
  sl_aws_client_set_circuit_breaker (client, 1000, 10);
  return client;
}

static SlAwsClient *
make_client (void)
{
  return make_client_with (FAKE_SECRET_KEY, 3);
}

static gint64
count_for (const char *name)
{
  g_autofree char *path = g_strdup_printf ("/__count/%s", name);
  g_autoptr(JsonObject) object = fake_server_control (server, "GET", path);

  return json_object_get_int_member (object, "count");
}

static gboolean
have_server (void)
{
  if (server == NULL)
    {
      g_test_skip ("node is not installed");
      return FALSE;
    }
  return TRUE;
}

static double
norm (const float *v,
      guint        n)
{
  double sum = 0;

  for (guint i = 0; i < n; i++)
    sum += (double)v[i] * v[i];
  return sqrt (sum);
}

static void
store_result_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* Iterates the main context until the operation ends, with a deadline. */
static GAsyncResult *
wait_for_result (GAsyncResult **slot)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (*slot == NULL)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  return *slot;
}

static void
test_titan_v1 (void)
{
  g_autoptr(SlAwsClient) client = NULL;
  g_autoptr(SlBedrockEmbedder) embedder = NULL;
  g_autoptr(GError) error = NULL;
  const char *texts[] = { "Senior C developer, GTK and GLib", "Registered nurse, ICU" };
  g_autofree float *out = NULL;

  if (!have_server ())
    return;

  client = make_client ();
  embedder = sl_bedrock_embedder_new (client, SL_BEDROCK_TITAN_V1, 0, TRUE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sl_embedder_get_dimension (SL_EMBEDDER (embedder)), ==, 1536);
  g_assert_cmpstr (sl_embedder_get_model_id (SL_EMBEDDER (embedder)), ==,
                   "bedrock:amazon.titan-embed-text-v1/1536");

  out = g_new0 (float, 2 * 1536);
  g_assert_true (sl_embedder_embed_batch (SL_EMBEDDER (embedder), texts, 2, out, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (norm (out, 1536), 1.0, 1e-4);
  g_assert_cmpfloat_with_epsilon (norm (out + 1536, 1536), 1.0, 1e-4);
  g_assert_true (memcmp (out, out + 1536, 1536 * sizeof (float)) != 0);
  g_assert_cmpint (count_for (SL_BEDROCK_TITAN_V1), >=, 2);
}

static void
test_titan_v2_dimensions (void)
{
  g_autoptr(SlAwsClient) client = NULL;
  g_autoptr(SlBedrockEmbedder) embedder = NULL;
  g_autoptr(SlBedrockEmbedder) bad = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree float *vector = NULL;

  if (!have_server ())
    return;

  client = make_client ();
  bad = sl_bedrock_embedder_new (client, SL_BEDROCK_TITAN_V2, 300, TRUE, NULL, &error);
  g_assert_error (error, SL_EMBEDDER_ERROR, SL_EMBEDDER_ERROR_INVALID_INPUT);
  g_assert_null (bad);
  g_clear_error (&error);

  embedder = sl_bedrock_embedder_new (client, SL_BEDROCK_TITAN_V2, 256, FALSE, NULL, &error);
  g_assert_no_error (error);
  vector = sl_embedder_embed (SL_EMBEDDER (embedder), "Data analyst with SQL", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sl_embedder_get_dimension (SL_EMBEDDER (embedder)), ==, 256);
  g_assert_cmpfloat_with_epsilon (norm (vector, 256), 1.0, 1e-4);
}

static void
test_cache (void)
{
  g_autoptr(SlAwsClient) client = NULL;
  g_autoptr(SlBedrockEmbedder) embedder = NULL;
  g_autoptr(SlStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *db = NULL;
  g_autofree float *first = g_new0 (float, 3 * 512);
  g_autofree float *second = g_new0 (float, 3 * 512);
  const char *texts[] = { "alpha", "beta", "alpha" };
  const char *more[] = { "beta", "alpha", "gamma" };
  gint64 before;

  if (!have_server ())
    return;

  dir = g_dir_make_tmp ("shortlist-bedrock-XXXXXX", &error);
  g_assert_no_error (error);
  db = g_build_filename (dir, "cache.db", NULL);
  store = sl_store_new (db, &error);
  g_assert_no_error (error);
  client = make_client ();
  embedder = sl_bedrock_embedder_new (client, SL_BEDROCK_TITAN_V2, 512, TRUE, store, &error);
  g_assert_no_error (error);

  before = count_for (SL_BEDROCK_TITAN_V2);
  g_assert_true (sl_embedder_embed_batch (SL_EMBEDDER (embedder), texts, 3, first, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpmem (first, 512 * sizeof (float), first + 2 * 512, 512 * sizeof (float));
  g_assert_cmpuint (sl_bedrock_embedder_get_n_requests (embedder), ==, 3);

  /* Two of three are cached now: only "gamma" reaches the service. */
  g_assert_true (sl_embedder_embed_batch (SL_EMBEDDER (embedder), more, 3, second, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sl_bedrock_embedder_get_n_requests (embedder), ==, 4);
  g_assert_cmpint (count_for (SL_BEDROCK_TITAN_V2) - before, ==, 4);
  g_assert_cmpmem (second, 512 * sizeof (float), first + 512, 512 * sizeof (float));
  g_assert_cmpmem (second + 512, 512 * sizeof (float), first, 512 * sizeof (float));

  g_clear_object (&embedder);
  g_clear_object (&store);
  g_unlink (db);
  {
    g_autofree char *wal = g_strconcat (db, "-wal", NULL);
    g_autofree char *shm = g_strconcat (db, "-shm", NULL);

    g_unlink (wal);
    g_unlink (shm);
  }
  g_rmdir (dir);
}

static void
test_concurrent_batch (void)
{
  g_autoptr(SlAwsClient) client = NULL;
  g_autoptr(SlAwsClient) wrong = NULL;
  g_autoptr(SlBedrockEmbedder) parallel = NULL;
  g_autoptr(SlBedrockEmbedder) serial = NULL;
  g_autoptr(SlBedrockEmbedder) failing = NULL;
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree float *a = g_new0 (float, 12 * 256);
  g_autofree float *b = g_new0 (float, 12 * 256);

  if (!have_server ())
    return;

  for (guint i = 0; i < 12; i++)
    g_ptr_array_add (texts, g_strdup_printf ("Candidate %u: Python, SQL and %u years of analytics",
                                             i, i));

  client = make_client ();
  parallel = sl_bedrock_embedder_new (client, SL_BEDROCK_TITAN_V2, 256, TRUE, NULL, &error);
  serial = sl_bedrock_embedder_new (client, SL_BEDROCK_TITAN_V2, 256, TRUE, NULL, &error);
  g_assert_no_error (error);
  sl_bedrock_embedder_set_concurrency (parallel, 4);
  sl_bedrock_embedder_set_concurrency (serial, 1);

  g_assert_true (sl_embedder_embed_batch (SL_EMBEDDER (parallel),
                                          (const char * const *)texts->pdata, 12, a, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (sl_embedder_embed_batch (SL_EMBEDDER (serial), (const char * const *)texts->pdata,
                                          12, b, NULL, &error));
  g_assert_no_error (error);
  /* Each vector lands in its own row, whichever thread fetched it. */
  g_assert_cmpmem (a, 12 * 256 * sizeof (float), b, 12 * 256 * sizeof (float));
  g_assert_cmpuint (sl_bedrock_embedder_get_n_requests (parallel), ==, 12);

  /* Failures in any thread come back as one error. */
  wrong = make_client_with ("batch/wrong/secret/0123456789abcdefgh", 1);
  failing = sl_bedrock_embedder_new (wrong, SL_BEDROCK_TITAN_V2, 256, TRUE, NULL, &error);
  g_assert_false (sl_embedder_embed_batch (SL_EMBEDDER (failing),
                                           (const char * const *)texts->pdata, 12, a, NULL, &error));
  g_assert_error (error, SL_AWS_ERROR, SL_AWS_ERROR_SIGNATURE);
  g_assert_cmpuint (sl_bedrock_embedder_get_n_requests (failing), <=, 12);
  note_error (error);
}

static void
test_truncation_and_empty (void)
{
  g_autoptr(SlAwsClient) client = NULL;
  g_autoptr(SlBedrockEmbedder) embedder = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) huge = g_string_new (NULL);
  g_autofree float *vector = NULL;
  g_autofree float *empty = NULL;

  if (!have_server ())
    return;

  client = make_client ();
  embedder = sl_bedrock_embedder_new (client, SL_BEDROCK_TITAN_V2, 256, TRUE, NULL, &error);
  g_assert_no_error (error);

  /* 120,000 bytes of two-byte characters: the fake refuses anything over
   * 50,000 characters, as Titan does. */
  for (guint i = 0; i < 60000; i++)
    g_string_append (huge, "é");
  g_assert_cmpuint (sl_bedrock_embedder_get_max_input (embedder), <, huge->len);
  vector = sl_embedder_embed (SL_EMBEDDER (embedder), huge->str, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (vector);

  empty = sl_embedder_embed (SL_EMBEDDER (embedder), "  \n", NULL, &error);
  g_assert_error (error, SL_EMBEDDER_ERROR, SL_EMBEDDER_ERROR_INVALID_INPUT);
  g_assert_null (empty);
}

static void
test_converse (void)
{
  g_autoptr(SlAwsClient) client = NULL;
  g_autoptr(SlBedrockChat) chat = NULL;
  g_autoptr(SlBedrockChat) bad = NULL;
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(JsonObject) missing = NULL;
  g_autoptr(JsonObject) broken = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  const char *required[] = { "score", "feedback", NULL };
  const char *too_much[] = { "score", "verdict", NULL };

  if (!have_server ())
    return;

  client = make_client ();
  chat = sl_bedrock_chat_new (client, "anthropic.claude-3-haiku-20240307-v1:0");
  text = sl_bedrock_chat_converse (chat, "You coach interview answers.", "Evaluate my answer.", 200,
                                   0.2,
                                   NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (text, "Overall this is a solid answer."));

  object = sl_bedrock_chat_converse_json (chat, NULL, "Score this answer.", required, 200, NULL,
                                          &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (object, "score"), ==, 4);

  missing = sl_bedrock_chat_converse_json (chat, NULL, "Score this answer.", too_much, 200, NULL,
                                           &error);
  g_assert_error (error, SL_AWS_ERROR, SL_AWS_ERROR_INVALID_RESPONSE);
  g_assert_nonnull (strstr (error->message, "verdict"));
  g_assert_null (missing);
  g_clear_error (&error);

  bad = sl_bedrock_chat_new (client, "fake.bad-json");
  broken = sl_bedrock_chat_converse_json (bad, NULL, "Score this answer.", required, 200, NULL,
                                          &error);
  g_assert_error (error, SL_AWS_ERROR, SL_AWS_ERROR_INVALID_RESPONSE);
  g_assert_null (broken);
}

static void
test_extract_json (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) a = sl_bedrock_chat_extract_json ("Sure. {\"a\": \"}{\", \"b\": {\"c\": 1}} Bye.", NULL, &error);
  g_autoptr(JsonObject) b = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (a, "a"), ==, "}{");
  b = sl_bedrock_chat_extract_json ("no json here", NULL, &error);
  g_assert_error (error, SL_AWS_ERROR, SL_AWS_ERROR_INVALID_RESPONSE);
  g_assert_null (b);
}

static JsonObject *
sample_features (void)
{
  JsonObject *features = json_object_new ();

  json_object_set_double_member (features, "similarity", 0.71);
  json_object_set_double_member (features, "skill_coverage", 0.8);
  json_object_set_int_member (features, "years_experience", 6);
  return features;
}

static gboolean
local_model (JsonObject  *features,
             gboolean    *shortlist,
             double      *confidence,
             gpointer     user_data,
             GError     **error)
{
  guint *calls = user_data;

  (*calls)++;
  *shortlist = FALSE;
  *confidence = 0.6;
  return TRUE;
}

static void
test_sagemaker (void)
{
  g_autoptr(SlAwsClient) client = NULL;
  g_autoptr(SlSagemakerScorer) scorer = NULL;
  g_autoptr(SlSagemakerScorer) failing = NULL;
  g_autoptr(SlSagemakerScorer) contract = NULL;
  g_autoptr(JsonObject) features = sample_features ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) remote_error = NULL;
  gboolean shortlist = FALSE;
  gboolean used_remote = FALSE;
  double confidence = 0;
  guint local_calls = 0;

  if (!have_server ())
    return;

  client = make_client ();
  scorer = sl_sagemaker_scorer_new (client, "shortlist-screening");
  g_assert_true (sl_sagemaker_scorer_score (scorer, features, &shortlist, &confidence, NULL,
                                            &error));
  g_assert_no_error (error);
  g_assert_true (shortlist);
  g_assert_cmpfloat_with_epsilon (confidence, 0.8734, 1e-9);

  g_assert_true (sl_sagemaker_scorer_score_with_fallback (scorer, features, local_model,
                                                          &local_calls,
                                                          &shortlist, &confidence, &used_remote,
                                                          NULL, NULL, &error));
  g_assert_true (used_remote);
  g_assert_cmpuint (local_calls, ==, 0);

  /* An endpoint that breaks the contract, or fails, hands over to the local model. */
  contract = sl_sagemaker_scorer_new (client, "fake-bad-contract");
  g_assert_false (sl_sagemaker_scorer_score (contract, features, &shortlist, &confidence, NULL,
                                             &error));
  g_assert_error (error, SL_AWS_ERROR, SL_AWS_ERROR_INVALID_RESPONSE);
  g_clear_error (&error);

  failing = sl_sagemaker_scorer_new (client, "fault-500");
  g_assert_true (sl_sagemaker_scorer_score_with_fallback (failing, features, local_model,
                                                          &local_calls,
                                                          &shortlist, &confidence, &used_remote,
                                                          &remote_error, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (used_remote);
  g_assert_false (shortlist);
  g_assert_cmpuint (local_calls, ==, 1);
  g_assert_error (remote_error, SL_AWS_ERROR, SL_AWS_ERROR_SERVICE);
  note_error (remote_error);
}

typedef struct
{
  const char *endpoint;
  guint       attempts;        /* client's max attempts */
  int         domain_code;     /* expected SlAwsError */
  gint64      expected_calls;  /* requests the fake saw */
  const char *aws_code;        /* expected, or NULL */
} FaultCase;

static const FaultCase fault_cases[] = {
  { "fault-500",        3, SL_AWS_ERROR_SERVICE,          3, "InternalServerException" },
  { "fault-throttle",   3, SL_AWS_ERROR_THROTTLED,        3, "ThrottlingException" },
  { "fault-403",        3, SL_AWS_ERROR_SIGNATURE,        1, "InvalidSignatureException" },
  { "fault-400",        3, SL_AWS_ERROR_CLIENT,           1, "ValidationException" },
  { "fault-slow",       2, SL_AWS_ERROR_TIMEOUT,          2, NULL },
  { "fault-truncated",  3, SL_AWS_ERROR_NETWORK,          3, NULL },
  { "fault-malformed",  3, SL_AWS_ERROR_INVALID_RESPONSE, 1, NULL },
  { "fault-oversized",  3, SL_AWS_ERROR_TOO_LARGE,        1, NULL },
  { "fault-reset",      3, SL_AWS_ERROR_NETWORK,          3, NULL },
  { "fault-echo",       3, SL_AWS_ERROR_CLIENT,           1, "ValidationException" },
};

static void
test_fault (gconstpointer data)
{
  const FaultCase *fault = data;
  g_autoptr(SlAwsClient) client = NULL;
  g_autoptr(SlSagemakerScorer) scorer = NULL;
  g_autoptr(JsonObject) features = sample_features ();
  g_autoptr(GError) error = NULL;
  gboolean shortlist = FALSE;
  double confidence = 0;
  gint64 before;

  if (!have_server ())
    return;

  client = make_client_with (FAKE_SECRET_KEY, fault->attempts);
  scorer = sl_sagemaker_scorer_new (client, fault->endpoint);
  before = count_for (fault->endpoint);

  g_assert_false (sl_sagemaker_scorer_score (scorer, features, &shortlist, &confidence, NULL,
                                             &error));
  g_assert_error (error, SL_AWS_ERROR, fault->domain_code);
  g_assert_cmpstr (sl_aws_error_get_aws_code (error), ==, fault->aws_code);
  if (fault->aws_code != NULL)
    {
      g_assert_nonnull (sl_aws_error_get_request_id (error));
      g_assert_nonnull (strstr (error->message, fault->aws_code));
    }
  g_assert_cmpint (count_for (fault->endpoint) - before, ==, fault->expected_calls);
  g_assert_null (strstr (error->message, FAKE_SECRET_KEY));
  g_assert_null (strstr (error->message, FAKE_TOKEN));
  note_error (error);
}

static void
test_throttle_then_ok (void)
{
  g_autoptr(SlAwsClient) client = NULL;
  g_autoptr(SlSagemakerScorer) scorer = NULL;
  g_autoptr(JsonObject) features = sample_features ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) reset = NULL;
  gboolean shortlist = FALSE;
  double confidence = 0;

  if (!have_server ())
    return;

  reset = fake_server_control (server, "POST", "/__reset");
  client = make_client ();
  scorer = sl_sagemaker_scorer_new (client, "fault-throttle-then-ok");
  g_assert_true (sl_sagemaker_scorer_score (scorer, features, &shortlist, &confidence, NULL,
                                            &error));
  g_assert_no_error (error);
  g_assert_true (shortlist);
  g_assert_cmpint (count_for ("fault-throttle-then-ok"), ==, 3);
}

static void
test_wrong_secret (void)
{
  g_autoptr(SlAwsClient) client = NULL;
  g_autoptr(SlBedrockChat) chat = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (!have_server ())
    return;

  client = make_client_with ("another/wrong/secret/0123456789abcdefgh", 3);
  chat = sl_bedrock_chat_new (client, "wrong-secret-model");
  text = sl_bedrock_chat_converse (chat, NULL, "Hello", 10, 0, NULL, &error);
  g_assert_error (error, SL_AWS_ERROR, SL_AWS_ERROR_SIGNATURE);
  g_assert_null (text);
  g_assert_cmpint (count_for ("wrong-secret-model"), ==, 1);
  note_error (error);
}

static void
test_echoed_secret_scrubbed (void)
{
  g_autoptr(SlAwsClient) client = NULL;
  g_autoptr(SlSagemakerScorer) scorer = NULL;
  g_autoptr(JsonObject) features = sample_features ();
  g_autoptr(GError) error = NULL;
  gboolean shortlist;
  double confidence;

  if (!have_server ())
    return;

  client = make_client ();
  scorer = sl_sagemaker_scorer_new (client, "fault-echo");
  g_assert_false (sl_sagemaker_scorer_score (scorer, features, &shortlist, &confidence, NULL,
                                             &error));
  g_assert_nonnull (strstr (error->message, "[redacted]"));
  g_assert_nonnull (strstr (sl_aws_error_get_aws_message (error), "[redacted]"));
  g_assert_null (strstr (sl_aws_error_get_aws_message (error), FAKE_SECRET_KEY));
  g_assert_null (strstr (sl_aws_error_get_aws_message (error), FAKE_TOKEN));
}

static void
test_circuit_breaker (void)
{
  g_autoptr(SlAwsClient) client = NULL;
  g_autoptr(SlAwsClient) probing = NULL;
  g_autoptr(SlSagemakerScorer) failing = NULL;
  g_autoptr(SlSagemakerScorer) healthy = NULL;
  g_autoptr(JsonObject) features = sample_features ();
  g_autoptr(GError) error = NULL;
  gboolean shortlist;
  double confidence;
  gint64 before;

  if (!have_server ())
    return;

  /* Two failed calls open it for a minute: the third is not sent. */
  client = make_client ();
  sl_aws_client_set_circuit_breaker (client, 2, 60 * 1000);
  failing = sl_sagemaker_scorer_new (client, "fault-500");
  healthy = sl_sagemaker_scorer_new (client, "shortlist-screening");
  before = count_for ("fault-500");
  for (guint i = 0; i < 2; i++)
    {
      g_assert_false (sl_sagemaker_scorer_score (failing, features, &shortlist, &confidence, NULL,
                                                 &error));
      g_assert_error (error, SL_AWS_ERROR, SL_AWS_ERROR_SERVICE);
      g_clear_error (&error);
    }
  g_assert_false (sl_sagemaker_scorer_score (healthy, features, &shortlist, &confidence, NULL,
                                             &error));
  g_assert_error (error, SL_AWS_ERROR, SL_AWS_ERROR_CIRCUIT_OPEN);
  g_assert_cmpint (count_for ("fault-500") - before, ==, 6);
  note_error (error);
  g_clear_error (&error);

  /* With no cooldown the next call probes, and a success closes it. */
  probing = make_client ();
  sl_aws_client_set_circuit_breaker (probing, 1, 0);
  g_clear_object (&failing);
  g_clear_object (&healthy);
  failing = sl_sagemaker_scorer_new (probing, "fault-500");
  healthy = sl_sagemaker_scorer_new (probing, "shortlist-screening");
  g_assert_false (sl_sagemaker_scorer_score (failing, features, &shortlist, &confidence, NULL,
                                             &error));
  g_clear_error (&error);
  g_assert_true (sl_sagemaker_scorer_score (healthy, features, &shortlist, &confidence, NULL,
                                            &error));
  g_assert_no_error (error);
  g_assert_true (sl_sagemaker_scorer_score (healthy, features, &shortlist, &confidence, NULL,
                                            &error));
  g_assert_no_error (error);
}

static void
test_async (void)
{
  g_autoptr(SlAwsClient) client = NULL;
  g_autoptr(SlBedrockChat) chat = NULL;
  g_autoptr(SlSagemakerScorer) scorer = NULL;
  g_autoptr(JsonObject) features = sample_features ();
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(GAsyncResult) chat_result = NULL;
  g_autoptr(GAsyncResult) score_result = NULL;
  g_autoptr(GError) error = NULL;
  const char *required[] = { "score", NULL };
  gboolean shortlist = FALSE;
  double confidence = 0;

  if (!have_server ())
    return;

  client = make_client ();
  chat = sl_bedrock_chat_new (client, "anthropic.claude-3-haiku-20240307-v1:0");
  scorer = sl_sagemaker_scorer_new (client, "shortlist-screening");
  sl_bedrock_chat_converse_json_async (chat, NULL, "Score it.", required, 100, NULL,
                                       store_result_cb, &chat_result);
  sl_sagemaker_scorer_score_async (scorer, features, NULL, store_result_cb, &score_result);

  object = sl_bedrock_chat_converse_json_finish (chat, wait_for_result (&chat_result), &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (object, "score"), ==, 4);
  g_assert_true (sl_sagemaker_scorer_score_finish (scorer, wait_for_result (&score_result),
                                                   &shortlist, &confidence, &error));
  g_assert_no_error (error);
  g_assert_true (shortlist);
}

static void
test_json_rpc (void)
{
  g_autoptr(SlAwsClient) client = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(JsonNode) refused = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *faces;

  if (!have_server ())
    return;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "Image");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "Bytes");
  json_builder_add_string_value (builder, "/9j/4AAQSkZJRgABAQ==");
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "Attributes");
  json_builder_begin_array (builder);
  json_builder_add_string_value (builder, "ALL");
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  client = make_client ();
  answer = sl_aws_client_call_json (client, SL_AWS_SERVICE_REKOGNITION,
                                    "RekognitionService.DetectFaces",
                                    body, NULL, &error);
  g_assert_no_error (error);
  faces = json_object_get_array_member (json_node_get_object (answer), "FaceDetails");
  g_assert_cmpuint (json_array_get_length (faces), ==, 1);

  refused = sl_aws_client_call_json (client, SL_AWS_SERVICE_REKOGNITION,
                                     "RekognitionService.Nothing",
                                     body, NULL, &error);
  g_assert_error (error, SL_AWS_ERROR, SL_AWS_ERROR_CLIENT);
  g_assert_cmpstr (sl_aws_error_get_aws_code (error), ==, "UnknownOperationException");
  g_assert_null (refused);
}

static void
test_no_secret_in_logs (void)
{
  if (!have_server ())
    return;

  g_mutex_lock (&log_mutex);
  g_assert_cmpuint (log_lines->len, >, 0);
  g_assert_null (strstr (log_lines->str, FAKE_SECRET_KEY));
  g_assert_null (strstr (log_lines->str, FAKE_TOKEN));
  g_assert_null (strstr (log_lines->str, "another/wrong/secret"));
  g_assert_null (strstr (log_lines->str, "batch/wrong/secret"));
  g_mutex_unlock (&log_mutex);
}

int
main (int argc, char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  log_lines = g_string_new (NULL);
  g_log_set_writer_func (capture_writer, NULL, NULL);
  g_log_set_debug_enabled (TRUE);

  server = fake_server_start ("aws-fake.js", FAKE_TOKEN);
  if (server != NULL)
    {
      /* The generic override covers Bedrock and SageMaker Runtime alike. */
      g_setenv ("AWS_ENDPOINT_URL", server->base_url, TRUE);
      g_unsetenv ("AWS_ENDPOINT_URL_BEDROCK_RUNTIME");
      g_unsetenv ("AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME");
    }

  g_test_add_func ("/sl/aws/bedrock/titan-v1", test_titan_v1);
  g_test_add_func ("/sl/aws/bedrock/titan-v2-dimensions", test_titan_v2_dimensions);
  g_test_add_func ("/sl/aws/bedrock/cache", test_cache);
  g_test_add_func ("/sl/aws/bedrock/concurrent-batch", test_concurrent_batch);
  g_test_add_func ("/sl/aws/bedrock/truncation-and-empty", test_truncation_and_empty);
  g_test_add_func ("/sl/aws/bedrock/converse", test_converse);
  g_test_add_func ("/sl/aws/bedrock/extract-json", test_extract_json);
  g_test_add_func ("/sl/aws/sagemaker/score-and-fallback", test_sagemaker);
  g_test_add_func ("/sl/aws/async/converse-and-score", test_async);
  g_test_add_func ("/sl/aws/json-rpc/rekognition", test_json_rpc);
  for (guint i = 0; i < G_N_ELEMENTS (fault_cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/sl/aws/fault/%s",
                                               fault_cases[i].endpoint + strlen ("fault-"));

      g_test_add_data_func (name, &fault_cases[i], test_fault);
    }
  g_test_add_func ("/sl/aws/fault/throttle-then-ok", test_throttle_then_ok);
  g_test_add_func ("/sl/aws/fault/wrong-secret", test_wrong_secret);
  g_test_add_func ("/sl/aws/fault/echoed-secret-scrubbed", test_echoed_secret_scrubbed);
  g_test_add_func ("/sl/aws/breaker/open-and-probe", test_circuit_breaker);
  /* Last: a child suite created after all the others runs after them. */
  g_test_add_func ("/sl/aws/~final/no-secret-in-logs", test_no_secret_in_logs);

  status = g_test_run ();
  g_clear_pointer (&server, fake_server_stop);
  return status;
}
