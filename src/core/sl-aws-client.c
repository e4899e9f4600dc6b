#define G_LOG_DOMAIN "sl-aws-client"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "sl-aws-client.h"
#include "sl-sigv4.h"

#define DEFAULT_MAX_ATTEMPTS       3
#define DEFAULT_BACKOFF_BASE_MS    1000
#define DEFAULT_MAX_BACKOFF_MS     20000
#define DEFAULT_TIMEOUT_S          30
#define DEFAULT_MAX_RESPONSE_SIZE  (32 * 1024 * 1024)
#define MAX_ERROR_BODY_SIZE        (256 * 1024)
#define DEFAULT_BREAKER_THRESHOLD  5
#define DEFAULT_BREAKER_COOLDOWN   (30 * 1000)

typedef struct
{
  const char *env_id;
  const char *signing_name;
  const char *host_prefix;
  const char *display_name;
} ServiceInfo;

static const ServiceInfo services[SL_AWS_N_SERVICES] = {
  [SL_AWS_SERVICE_S3] = { "S3", "s3", "s3", N_("Amazon S3") },
  [SL_AWS_SERVICE_BEDROCK_RUNTIME] = { "BEDROCK_RUNTIME", "bedrock", "bedrock-runtime", N_("Amazon Bedrock") },
  [SL_AWS_SERVICE_SAGEMAKER_RUNTIME] = { "SAGEMAKER_RUNTIME", "sagemaker", "runtime.sagemaker", N_("Amazon SageMaker Runtime") },
  [SL_AWS_SERVICE_TRANSCRIBE] = { "TRANSCRIBE", "transcribe", "transcribe", N_("Amazon Transcribe") },
  [SL_AWS_SERVICE_REKOGNITION] = { "REKOGNITION", "rekognition", "rekognition", N_("Amazon Rekognition") },
  [SL_AWS_SERVICE_POLLY] = { "POLLY", "polly", "polly", N_("Amazon Polly") },
};

typedef struct
{
  guint  failures;
  gint64 open_until;      /* monotonic µs; 0 when closed */
} Breaker;

struct _SlAwsClient
{
  GObject           parent_instance;

  SoupSession      *session;
  SlAwsCredentials *credentials;
  char             *region;

  guint             max_attempts;
  guint             backoff_base_ms;
  guint             max_backoff_ms;
  gsize             max_response_size;
  guint             breaker_threshold;
  guint             breaker_cooldown_ms;

  GMutex            mutex;          /* guards breakers */
  Breaker           breakers[SL_AWS_N_SERVICES];
};

G_DEFINE_FINAL_TYPE (SlAwsClient, sl_aws_client, G_TYPE_OBJECT)

static void
sl_aws_client_finalize (GObject *object)
{
  SlAwsClient *self = (SlAwsClient *)object;

  g_clear_object (&self->session);
  g_clear_pointer (&self->credentials, sl_aws_credentials_free);
  g_clear_pointer (&self->region, g_free);
  g_mutex_clear (&self->mutex);

  G_OBJECT_CLASS (sl_aws_client_parent_class)->finalize (object);
}

static void
sl_aws_client_class_init (SlAwsClientClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sl_aws_client_finalize;
}

static void
sl_aws_client_init (SlAwsClient *self)
{
  g_mutex_init (&self->mutex);
  self->max_attempts = DEFAULT_MAX_ATTEMPTS;
  self->backoff_base_ms = DEFAULT_BACKOFF_BASE_MS;
  self->max_backoff_ms = DEFAULT_MAX_BACKOFF_MS;
  self->max_response_size = DEFAULT_MAX_RESPONSE_SIZE;
  self->breaker_threshold = DEFAULT_BREAKER_THRESHOLD;
  self->breaker_cooldown_ms = DEFAULT_BREAKER_COOLDOWN;
  self->session = soup_session_new_with_options ("timeout", DEFAULT_TIMEOUT_S,
                                                 "idle-timeout", 60,
                                                 "user-agent", PACKAGE_NAME "/" PACKAGE_VERSION,
                                                 NULL);
}

SlAwsClient *
sl_aws_client_new (const SlAwsCredentials *credentials,
                   const char             *region)
{
  SlAwsClient *self;

  g_return_val_if_fail (credentials != NULL, NULL);
  g_return_val_if_fail (region != NULL, NULL);

  self = g_object_new (SL_TYPE_AWS_CLIENT, NULL);
  self->credentials = sl_aws_credentials_copy (credentials);
  self->region = g_strdup (region);

  return self;
}

SlAwsClient *
sl_aws_client_new_from_environment (const char       *profile,
                                    const char       *fallback_region,
                                    SlAwsChainFlags   flags,
                                    GError          **error)
{
  g_autoptr(SlAwsCredentials) credentials = NULL;
  g_autofree char *region = NULL;

  if (!(region = sl_aws_region_resolve (profile, fallback_region, error)))
    return NULL;
  if (!(credentials = sl_aws_credentials_resolve (profile, flags, NULL, error)))
    return NULL;

  return sl_aws_client_new (credentials, region);
}

const char *
sl_aws_client_get_region (SlAwsClient *self)
{
  g_return_val_if_fail (SL_IS_AWS_CLIENT (self), NULL);

  return self->region;
}

const SlAwsCredentials *
sl_aws_client_get_credentials (SlAwsClient *self)
{
  g_return_val_if_fail (SL_IS_AWS_CLIENT (self), NULL);

  return self->credentials;
}

void
sl_aws_client_set_retry (SlAwsClient *self,
                         guint        max_attempts,
                         guint        base_ms,
                         guint        max_backoff_ms)
{
  g_return_if_fail (SL_IS_AWS_CLIENT (self));
  g_return_if_fail (max_attempts >= 1);

  self->max_attempts = max_attempts;
  self->backoff_base_ms = base_ms;
  self->max_backoff_ms = MAX (max_backoff_ms, base_ms);
}

void
sl_aws_client_set_timeout (SlAwsClient *self,
                           guint        seconds)
{
  g_return_if_fail (SL_IS_AWS_CLIENT (self));

  soup_session_set_timeout (self->session, seconds);
}

void
sl_aws_client_set_max_response_size (SlAwsClient *self,
                                     gsize        max_bytes)
{
  g_return_if_fail (SL_IS_AWS_CLIENT (self));

  self->max_response_size = max_bytes;
}

void
sl_aws_client_set_circuit_breaker (SlAwsClient *self,
                                   guint        threshold,
                                   guint        cooldown_ms)
{
  g_return_if_fail (SL_IS_AWS_CLIENT (self));

  self->breaker_threshold = MAX (threshold, 1);
  self->breaker_cooldown_ms = cooldown_ms;
}

const char *
sl_aws_service_get_signing_name (SlAwsService service)
{
  g_return_val_if_fail (service < SL_AWS_N_SERVICES, NULL);

  return services[service].signing_name;
}

const char *
sl_aws_service_get_display_name (SlAwsService service)
{
  g_return_val_if_fail (service < SL_AWS_N_SERVICES, NULL);

  return _(services[service].display_name);
}

char *
sl_aws_endpoint_resolve (SlAwsService  service,
                         const char   *region,
                         gboolean     *custom)
{
  g_autofree char *variable = NULL;
  const char *value;
  const char *suffix;

  g_return_val_if_fail (service < SL_AWS_N_SERVICES, NULL);

  variable = g_strconcat ("AWS_ENDPOINT_URL_", services[service].env_id, NULL);
  value = g_getenv (variable);
  if (value == NULL || *value == '\0')
    value = g_getenv ("AWS_ENDPOINT_URL");
  if (value != NULL && *value != '\0')
    {
      gsize length = strlen (value);

      while (length > 0 && value[length - 1] == '/')
        length--;
      if (custom != NULL)
        *custom = TRUE;
      return g_strndup (value, length);
    }

  if (custom != NULL)
    *custom = FALSE;
  suffix = g_str_has_prefix (region, "cn-") ? "amazonaws.com.cn" : "amazonaws.com";
  return g_strdup_printf ("https://%s.%s.%s", services[service].host_prefix, region, suffix);
}

char *
sl_aws_client_dup_endpoint (SlAwsClient  *self,
                            SlAwsService  service,
                            gboolean     *custom)
{
  g_return_val_if_fail (SL_IS_AWS_CLIENT (self), NULL);

  return sl_aws_endpoint_resolve (service, self->region, custom);
}

void
sl_aws_response_free (SlAwsResponse *response)
{
  if (response == NULL)
    return;

  g_clear_pointer (&response->body, g_bytes_unref);
  g_clear_pointer (&response->headers, soup_message_headers_unref);
  g_free (response->request_id);
  g_free (response);
}

/* Replaces any occurrence of our secret or token in text coming back from a
 * server, so an echo can never reach a log or a dialog. */
static char *
scrub (SlAwsClient *self,
       const char  *text)
{
  const char *secrets[] = { self->credentials->secret_access_key, self->credentials->session_token };
  char *result;

  if (text == NULL)
    return NULL;

  result = g_strdup (text);
  for (guint i = 0; i < G_N_ELEMENTS (secrets); i++)
    {
      const char *secret = secrets[i];
      char *found;

      if (secret == NULL || strlen (secret) < 4)
        continue;
      while ((found = strstr (result, secret)) != NULL)
        {
          g_autofree char *before = g_strndup (result, found - result);
          char *joined = g_strconcat (before, "[redacted]", found + strlen (secret), NULL);

          g_free (result);
          result = joined;
        }
    }

  return result;
}

/* Breaker state. The breaker counts calls, not attempts, and only failures
 * that say the service is unwell (network, timeouts, throttling, 5xx). */
static gboolean
breaker_allows (SlAwsClient  *self,
                SlAwsService  service)
{
  g_autoptr(GMutexLocker) locker = NULL;
  Breaker *breaker = &self->breakers[service];

  locker = g_mutex_locker_new (&self->mutex);

  if (breaker->open_until == 0)
    return TRUE;
  if (g_get_monotonic_time () >= breaker->open_until)
    {
      /* Half open: let this call probe; a failure opens it again at once. */
      breaker->open_until = 0;
      breaker->failures = self->breaker_threshold - 1;
      return TRUE;
    }
  return FALSE;
}

static void
breaker_record (SlAwsClient  *self,
                SlAwsService  service,
                gboolean      healthy)
{
  g_autoptr(GMutexLocker) locker = NULL;
  Breaker *breaker = &self->breakers[service];

  locker = g_mutex_locker_new (&self->mutex);

  if (healthy)
    {
      breaker->failures = 0;
      breaker->open_until = 0;
      return;
    }

  breaker->failures++;
  if (breaker->failures >= self->breaker_threshold)
    {
      breaker->open_until = g_get_monotonic_time () + (gint64)self->breaker_cooldown_ms * 1000;
      g_debug ("%s failed %u times in a row: pausing calls for %u ms",
               services[service].signing_name, breaker->failures, self->breaker_cooldown_ms);
    }
}

static gboolean
is_throttling_code (const char *code)
{
  static const char * const codes[] = {
    "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
    "TooManyRequestsException", "ProvisionedThroughputExceededException",
    "TransactionInProgressException", "RequestLimitExceeded", "BandwidthLimitExceeded",
    "LimitExceededException", "RequestThrottled", "SlowDown", "PriorRequestNotComplete",
    "EC2ThrottledException", "ServiceUnavailable", "ServiceUnavailableException",
  };

  if (code == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    if (g_str_equal (code, codes[i]))
      return TRUE;
  return FALSE;
}

static gboolean
is_signature_code (const char *code)
{
  /* A skewed clock shows up as a signature problem: say so to the user. */
  return g_strcmp0 (code, "SignatureDoesNotMatch") == 0 ||
         g_strcmp0 (code, "InvalidSignatureException") == 0 ||
         g_strcmp0 (code, "RequestTimeTooSkewed") == 0 ||
         g_strcmp0 (code, "RequestExpired") == 0 ||
         g_strcmp0 (code, "IncompleteSignature") == 0 ||
         g_strcmp0 (code, "IncompleteSignatureException") == 0;
}

/* <Error><Code>…</Code><Message>…</Message><RequestId>…</RequestId></Error> */
static char *
xml_element (const char *xml,
             gsize       length,
             const char *name)
{
  g_autofree char *open = g_strdup_printf ("<%s>", name);
  g_autofree char *close = g_strdup_printf ("</%s>", name);
  g_autofree char *text = g_strndup (xml, length);
  const char *start = strstr (text, open);
  const char *end;

  if (start == NULL)
    return NULL;
  start += strlen (open);
  end = strstr (start, close);
  if (end == NULL)
    return NULL;
  return g_strndup (start, end - start);
}

static void
parse_error_body (SlAwsService   service,
                  GBytes        *body,
                  SoupMessageHeaders *headers,
                  char         **code,
                  char         **message,
                  char         **request_id)
{
  gsize length = 0;
  const char *data = body != NULL ? g_bytes_get_data (body, &length) : NULL;
  const char *header_type = headers != NULL ? soup_message_headers_get_one (headers,
                                                                            "x-amzn-ErrorType") : NULL;
  const char *header_id = NULL;

  if (headers != NULL)
    {
      header_id = soup_message_headers_get_one (headers, "x-amzn-RequestId");
      if (header_id == NULL)
        header_id = soup_message_headers_get_one (headers, "x-amz-request-id");
    }

  if (data != NULL && length > 0 && g_utf8_validate (data, length, NULL))
    {
      if (service == SL_AWS_SERVICE_S3)
        {
          *code = xml_element (data, length, "Code");
          *message = xml_element (data, length, "Message");
          *request_id = xml_element (data, length, "RequestId");
        }
      else
        {
          g_autoptr(JsonParser) parser = json_parser_new ();

          if (json_parser_load_from_data (parser, data, length, NULL) &&
              JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
            {
              JsonObject *object = json_node_get_object (json_parser_get_root (parser));
              const char *type = json_object_get_string_member_with_default (object, "__type",
                                                                             NULL);
              const char *text = json_object_get_string_member_with_default (object, "message",
                                                                             NULL);

              if (text == NULL)
                text = json_object_get_string_member_with_default (object, "Message", NULL);
              if (type == NULL)
                type = json_object_get_string_member_with_default (object, "code", NULL);
              if (type != NULL)
                {
                  /* "com.amazon.coral.service#ThrottlingException" → the part after '#'. */
                  const char *hash = strrchr (type, '#');

                  *code = g_strdup (hash != NULL ? hash + 1 : type);
                }
              *message = g_strdup (text);
            }
        }
    }

  if (*code == NULL && header_type != NULL)
    {
      /* "ThrottlingException:http://internal.amazon.com/…" */
      *code = g_strndup (header_type, strcspn (header_type, ":"));
    }
  if (*request_id == NULL && header_id != NULL)
    *request_id = g_strdup (header_id);
}

static GError *
http_error (SlAwsClient  *self,
            SlAwsService  service,
            guint         status,
            GBytes       *body,
            SoupMessageHeaders *headers)
{
  g_autofree char *code = NULL;
  g_autofree char *raw_message = NULL;
  g_autofree char *message = NULL;
  g_autofree char *request_id = NULL;
  g_autofree char *sentence = NULL;
  const char *name = sl_aws_service_get_display_name (service);
  SlAwsError error_code;

  parse_error_body (service, body, headers, &code, &raw_message, &request_id);
  message = scrub (self, raw_message);

  if (status == 429 || is_throttling_code (code))
    {
      error_code = SL_AWS_ERROR_THROTTLED;
      sentence = g_strdup_printf (_("%s is busy and asked us to slow down; try again later"), name);
    }
  else if (status >= 500)
    {
      error_code = SL_AWS_ERROR_SERVICE;
      sentence = g_strdup_printf (_("%s had an internal error (HTTP %u); try again later"), name,
                                  status);
    }
  else if (is_signature_code (code))
    {
      error_code = SL_AWS_ERROR_SIGNATURE;
      sentence = g_strdup_printf (_("%s rejected the request signature: check the secret access key and the computer’s clock"), name);
    }
  else if (status == 401 || status == 403)
    {
      error_code = SL_AWS_ERROR_ACCESS_DENIED;
      sentence = g_strdup_printf (_("%s denied access: check the key’s permissions, the region and the resource name"), name);
    }
  else if (status == 404)
    {
      error_code = SL_AWS_ERROR_NOT_FOUND;
      sentence = g_strdup_printf (_("%s could not find what was asked for"), name);
    }
  else if (status == 408 || g_strcmp0 (code, "RequestTimeout") == 0 ||
           g_strcmp0 (code, "RequestTimeoutException") == 0)
    {
      error_code = SL_AWS_ERROR_TIMEOUT;
      sentence = g_strdup_printf (_("%s timed out; try again later"), name);
    }
  else
    {
      error_code = SL_AWS_ERROR_CLIENT;
      sentence = g_strdup_printf (_("%s refused the request (HTTP %u)"), name, status);
    }

  if (code != NULL || message != NULL)
    {
      /* Translators: the first %s is a sentence, then the service's error code
       * and message, then its request id. */
      char *full = g_strdup_printf (_("%s (%s: %s; request id %s)"), sentence,
                                    code != NULL ? code : "?", message != NULL ? message : "",
                                    request_id != NULL ? request_id : "?");

      g_free (sentence);
      sentence = full;
    }

  return sl_aws_error_new_full (error_code, services[service].signing_name, status, code, message,
                                request_id, sentence);
}

static GError *
transport_error (SlAwsService  service,
                 const GError *error)
{
  const char *name = sl_aws_service_get_display_name (service);
  g_autofree char *sentence = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    {
      sentence = g_strdup_printf (_("%s did not answer in time; try again later"), name);
      return sl_aws_error_new_full (SL_AWS_ERROR_TIMEOUT, services[service].signing_name, 0,
                                    NULL, NULL, NULL, sentence);
    }

  sentence = g_strdup_printf (_("Could not reach %s: check the network connection (%s)"),
                              name, error->message);
  return sl_aws_error_new_full (SL_AWS_ERROR_NETWORK, services[service].signing_name, 0,
                                NULL, NULL, NULL, sentence);
}

static GError *
too_large_error (SlAwsService service,
                 gsize        limit)
{
  g_autofree char *size = g_format_size (limit);
  g_autofree char *sentence = g_strdup_printf (_("%s sent a response larger than %s; it was not read"),
                                               sl_aws_service_get_display_name (service), size);

  return sl_aws_error_new_full (SL_AWS_ERROR_TOO_LARGE, services[service].signing_name, 0,
                                NULL, NULL, NULL, sentence);
}

static char *
host_header (GUri *uri)
{
  int port = g_uri_get_port (uri);
  const char *scheme = g_uri_get_scheme (uri);
  gboolean default_port = port == -1 ||
                          (port == 443 && g_strcmp0 (scheme, "https") == 0) ||
                          (port == 80 && g_strcmp0 (scheme, "http") == 0);

  if (default_port)
    return g_strdup (g_uri_get_host (uri));
  return g_strdup_printf ("%s:%d", g_uri_get_host (uri), port);
}

/* Builds the request URI: scheme and authority of the endpoint, with the
 * S3 bucket as host prefix, then the endpoint's own path and ours. */
static GUri *
build_uri (SlAwsClient         *self,
           const SlAwsRequest  *request,
           char               **out_path,
           GError             **error)
{
  g_autofree char *endpoint = sl_aws_client_dup_endpoint (self, request->service, NULL);
  g_autoptr(GUri) base = NULL;
  g_autofree char *host = NULL;
  g_autofree char *path = NULL;
  const char *base_path;

  base = g_uri_parse (endpoint, G_URI_FLAGS_ENCODED, NULL);
  if (base == NULL || g_uri_get_host (base) == NULL ||
      (g_strcmp0 (g_uri_get_scheme (base), "http") != 0 && g_strcmp0 (g_uri_get_scheme (base),
                                                                      "https") != 0))
    {
      g_set_error (error, SL_AWS_ERROR, SL_AWS_ERROR_CONFIG,
                   _("The endpoint for %s is not an http or https URL: %s"),
                   sl_aws_service_get_display_name (request->service), endpoint);
      return NULL;
    }

  host = g_strconcat (request->host_prefix != NULL ? request->host_prefix : "",
                      g_uri_get_host (base), NULL);
  base_path = g_uri_get_path (base);
  if (base_path == NULL || g_str_equal (base_path, "/"))
    base_path = "";
  path = g_strconcat (base_path,
                      request->path != NULL && *request->path != '\0' ? request->path : "/", NULL);
  *out_path = g_strdup (path);

  return g_uri_build (G_URI_FLAGS_ENCODED, g_uri_get_scheme (base), NULL, host,
                      g_uri_get_port (base), path,
                      request->query != NULL && *request->query != '\0' ? request->query : NULL,
                      NULL);
}

static SlSigv4Request *
build_sigv4_request (const SlAwsRequest *request,
                     GUri               *uri,
                     const char         *path,
                     const char         *payload_hash)
{
  g_autofree char *host = host_header (uri);
  SlSigv4Request *sig = sl_sigv4_request_new (request->method, path, request->query);

  sl_sigv4_request_add_header (sig, "Host", host);
  if (request->content_type != NULL)
    sl_sigv4_request_add_header (sig, "Content-Type", request->content_type);
  if (request->headers != NULL)
    for (guint i = 0; request->headers[i] != NULL && request->headers[i + 1] != NULL; i += 2)
      sl_sigv4_request_add_header (sig, request->headers[i], request->headers[i + 1]);
  sl_sigv4_request_set_payload_hash (sig, payload_hash);

  return sig;
}

static gboolean
read_limited (GInputStream  *stream,
              GOutputStream *output,
              gsize          limit,
              GByteArray    *buffer,
              gboolean      *too_large,
              GCancellable  *cancellable,
              GError       **error)
{
  guint8 chunk[16384];
  gsize total = 0;

  *too_large = FALSE;
  for (;;)
    {
      gssize n = g_input_stream_read (stream, chunk, sizeof chunk, cancellable, error);

      if (n < 0)
        return FALSE;
      if (n == 0)
        return TRUE;
      total += n;
      if (total > limit)
        {
          *too_large = TRUE;
          return TRUE;
        }
      if (output != NULL)
        {
          if (!g_output_stream_write_all (output, chunk, n, NULL, cancellable, error))
            return FALSE;
        }
      else
        g_byte_array_append (buffer, chunk, n);
    }
}

/* One attempt. Returns the response for any HTTP status, or NULL with a
 * transport error. */
static SlAwsResponse *
send_once (SlAwsClient         *self,
           const SlAwsRequest  *request,
           GUri                *uri,
           const char          *path,
           const char          *payload_hash,
           gboolean            *body_complete,
           GCancellable        *cancellable,
           GError             **error)
{
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(SlSigv4Request) sig = NULL;
  g_autoptr(SlSigv4Result) signed_result = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GByteArray) buffer = g_byte_array_new ();
  g_autoptr(GFileOutputStream) file_stream = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(SlAwsResponse) response = NULL;
  SoupMessageHeaders *headers;
  SlSigv4Flags flags = SL_SIGV4_NONE;
  gsize limit = request->max_response_size != 0 ? request->max_response_size : self->max_response_size;
  goffset content_length;
  gboolean too_large = FALSE;
  gboolean streaming;
  guint status;

  *body_complete = TRUE;

  if (request->service == SL_AWS_SERVICE_S3)
    flags |= SL_SIGV4_S3_PATH | SL_SIGV4_CONTENT_SHA256;

  sig = build_sigv4_request (request, uri, path, payload_hash);
  signed_result = sl_sigv4_sign_headers (sig, self->credentials, self->region,
                                         services[request->service].signing_name, NULL, flags);

  msg = soup_message_new_from_uri (request->method, uri);
  headers = soup_message_get_request_headers (msg);
  if (request->headers != NULL)
    for (guint i = 0; request->headers[i] != NULL && request->headers[i + 1] != NULL; i += 2)
      soup_message_headers_append (headers, request->headers[i], request->headers[i + 1]);
  for (guint i = 0; i + 1 < signed_result->add_headers->len; i += 2)
    soup_message_headers_replace (headers, signed_result->add_headers->pdata[i],
                                  signed_result->add_headers->pdata[i + 1]);
  if (request->body != NULL)
    soup_message_set_request_body_from_bytes (msg, request->content_type, request->body);
  else if (request->content_type != NULL)
    soup_message_headers_set_content_type (headers, request->content_type, NULL);

  g_debug ("%s %s%s (%s)", request->method, g_uri_get_host (uri), path,
           services[request->service].signing_name);

  stream = soup_session_send (self->session, msg, cancellable, &local_error);
  if (stream == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_propagate_error (error, transport_error (request->service, local_error));
      return NULL;
    }

  status = soup_message_get_status (msg);
  response = g_new0 (SlAwsResponse, 1);
  response->status = status;
  response->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));

  streaming = request->output_path != NULL && status >= 200 && status < 300;
  if (!streaming && status >= 300)
    limit = MIN (limit, MAX_ERROR_BODY_SIZE);

  /* A HEAD answer announces the size of a body it does not send. */
  content_length = soup_message_headers_get_content_length (response->headers);
  if (soup_message_headers_get_encoding (response->headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      content_length > 0 && (guint64)content_length > limit && status < 300 &&
      g_strcmp0 (request->method, "HEAD") != 0)
    {
      g_input_stream_close (stream, NULL, NULL);
      g_propagate_error (error, too_large_error (request->service, limit));
      return NULL;
    }

  if (streaming)
    {
      file = g_file_new_for_path (request->output_path);
      file_stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_PRIVATE, cancellable,
                                    &local_error);
      if (file_stream == NULL)
        {
          g_set_error (error, SL_AWS_ERROR, SL_AWS_ERROR_FAILED,
                       _("Could not write the download to “%s”: %s"), request->output_path,
                       local_error->message);
          return NULL;
        }
    }

  if (!read_limited (stream, file_stream != NULL ? G_OUTPUT_STREAM (file_stream) : NULL,
                     limit, buffer, &too_large, cancellable, &local_error))
    {
      if (file_stream != NULL)
        {
          g_output_stream_close (G_OUTPUT_STREAM (file_stream), NULL, NULL);
          g_file_delete (file, NULL, NULL);
        }
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      if (status >= 300)
        {
          /* The error body was cut short: report the status we did get. */
          *body_complete = FALSE;
          response->body = g_byte_array_free_to_bytes (g_steal_pointer (&buffer));
          return g_steal_pointer (&response);
        }
      g_propagate_error (error, transport_error (request->service, local_error));
      return NULL;
    }
  g_input_stream_close (stream, NULL, NULL);

  if (too_large && status < 300)
    {
      if (file_stream != NULL)
        {
          g_output_stream_close (G_OUTPUT_STREAM (file_stream), NULL, NULL);
          g_file_delete (file, NULL, NULL);
        }
      g_propagate_error (error, too_large_error (request->service, limit));
      return NULL;
    }

  if (file_stream != NULL &&
      !g_output_stream_close (G_OUTPUT_STREAM (file_stream), cancellable, &local_error))
    {
      g_set_error (error, SL_AWS_ERROR, SL_AWS_ERROR_FAILED,
                   _("Could not write the download to “%s”: %s"), request->output_path,
                   local_error->message);
      return NULL;
    }

  /* A body shorter than announced means the connection broke. */
  if (soup_message_headers_get_encoding (response->headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      file_stream == NULL && content_length >= 0 && (goffset)buffer->len < content_length &&
      g_strcmp0 (request->method, "HEAD") != 0 && !too_large)
    {
      g_autofree char *sentence =
        g_strdup_printf (_("%s closed the connection before the whole answer arrived"),
                         sl_aws_service_get_display_name (request->service));

      g_propagate_error (error, sl_aws_error_new_full (SL_AWS_ERROR_INVALID_RESPONSE,
                                                       services[request->service].signing_name,
                                                       0, NULL, NULL, NULL, sentence));
      return NULL;
    }

  response->body = g_byte_array_free_to_bytes (g_steal_pointer (&buffer));
  return g_steal_pointer (&response);
}

static gboolean
backoff_sleep (SlAwsClient  *self,
               guint         attempt,
               GCancellable *cancellable)
{
  guint64 cap = (guint64)self->backoff_base_ms << MIN (attempt, 20);
  gint64 delay_us;
  gint64 deadline;

  cap = MIN (cap, (guint64)self->max_backoff_ms);
  /* Full jitter: a uniform delay in [0, cap]. */
  delay_us = (gint64)(g_random_double () * (double)cap * 1000.0);
  deadline = g_get_monotonic_time () + delay_us;

  while (g_get_monotonic_time () < deadline)
    {
      gint64 left = deadline - g_get_monotonic_time ();

      if (g_cancellable_is_cancelled (cancellable))
        return FALSE;
      g_usleep (MIN (left, 50000));
    }
  return !g_cancellable_is_cancelled (cancellable);
}

SlAwsResponse *
sl_aws_client_send (SlAwsClient         *self,
                    const SlAwsRequest  *request,
                    GCancellable        *cancellable,
                    GError             **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autofree char *path = NULL;
  g_autofree char *payload_hash = NULL;
  g_autoptr(GError) last_error = NULL;
  SlAwsService service;

  g_return_val_if_fail (SL_IS_AWS_CLIENT (self), NULL);
  g_return_val_if_fail (request != NULL && request->method != NULL, NULL);
  g_return_val_if_fail (request->service < SL_AWS_N_SERVICES, NULL);

  service = request->service;
  if (!(uri = build_uri (self, request, &path, error)))
    return NULL;

  if (request->body != NULL)
    {
      gsize length;
      const guint8 *data = g_bytes_get_data (request->body, &length);

      payload_hash = sl_sigv4_sha256_hex (data, length);
    }
  else
    payload_hash = g_strdup (SL_SIGV4_EMPTY_SHA256);

  if (!breaker_allows (self, service))
    {
      g_autofree char *sentence =
        g_strdup_printf (_("%s failed several times in a row; Shortlist will try it again in a while"),
                         sl_aws_service_get_display_name (service));

      g_propagate_error (error, sl_aws_error_new_full (SL_AWS_ERROR_CIRCUIT_OPEN,
                                                       services[service].signing_name, 0,
                                                       NULL, NULL, NULL, sentence));
      return NULL;
    }

  for (guint attempt = 0; attempt < self->max_attempts; attempt++)
    {
      g_autoptr(SlAwsResponse) response = NULL;
      g_autoptr(GError) attempt_error = NULL;
      gboolean body_complete = TRUE;

      if (attempt > 0 && !backoff_sleep (self, attempt - 1, cancellable))
        break;

      response = send_once (self, request, uri, path, payload_hash, &body_complete,
                            cancellable, &attempt_error);
      if (response != NULL && response->status >= 200 && response->status < 300)
        {
          const char *id = soup_message_headers_get_one (response->headers, "x-amzn-RequestId");

          if (id == NULL)
            id = soup_message_headers_get_one (response->headers, "x-amz-request-id");
          response->request_id = g_strdup (id);
          response->attempts = attempt + 1;
          breaker_record (self, service, TRUE);
          return g_steal_pointer (&response);
        }

      if (response != NULL)
        attempt_error = http_error (self, service, response->status, response->body,
                                    response->headers);

      if (g_error_matches (attempt_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&attempt_error));
          return NULL;
        }

      g_debug ("Attempt %u of %u to %s failed: %s", attempt + 1, self->max_attempts,
               services[service].signing_name, sl_aws_error_code_to_string (attempt_error->code));

      g_clear_error (&last_error);
      last_error = g_steal_pointer (&attempt_error);
      if (!sl_aws_error_is_retryable (last_error))
        break;
    }

  if (last_error == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Operation was cancelled"));
      return NULL;
    }

  breaker_record (self, service, !sl_aws_error_is_retryable (last_error));
  g_propagate_error (error, g_steal_pointer (&last_error));
  return NULL;
}

char *
sl_aws_client_presign (SlAwsClient         *self,
                       const SlAwsRequest  *request,
                       guint                expires_in,
                       GError             **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GUri) signed_uri = NULL;
  g_autofree char *path = NULL;
  g_autoptr(SlSigv4Request) sig = NULL;
  g_autoptr(SlSigv4Result) result = NULL;
  SlSigv4Flags flags = SL_SIGV4_NONE;

  g_return_val_if_fail (SL_IS_AWS_CLIENT (self), NULL);
  g_return_val_if_fail (request != NULL, NULL);

  if (expires_in < 1 || expires_in > 604800)
    {
      g_set_error (error, SL_AWS_ERROR, SL_AWS_ERROR_FAILED,
                   _("A presigned URL lasts from one second to seven days"));
      return NULL;
    }
  if (!(uri = build_uri (self, request, &path, error)))
    return NULL;

  if (request->service == SL_AWS_SERVICE_S3)
    flags |= SL_SIGV4_S3_PATH;
  sig = build_sigv4_request (request, uri, path, request->service == SL_AWS_SERVICE_S3
                                                 ? SL_SIGV4_UNSIGNED_PAYLOAD : SL_SIGV4_EMPTY_SHA256);
  result = sl_sigv4_presign (sig, self->credentials, self->region,
                             services[request->service].signing_name, NULL, expires_in, flags);

  signed_uri = g_uri_build (G_URI_FLAGS_ENCODED, g_uri_get_scheme (uri), NULL, g_uri_get_host (uri),
                            g_uri_get_port (uri), path, result->query, NULL);
  return g_uri_to_string (signed_uri);
}

JsonNode *
sl_aws_client_call_json (SlAwsClient   *self,
                         SlAwsService   service,
                         const char    *target,
                         JsonNode      *body,
                         GCancellable  *cancellable,
                         GError       **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(SlAwsResponse) response = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *text = NULL;
  const char *headers[] = { "X-Amz-Target", target, NULL };
  SlAwsRequest request = { 0 };
  const char *data;
  gsize length;

  g_return_val_if_fail (SL_IS_AWS_CLIENT (self), NULL);
  g_return_val_if_fail (service != SL_AWS_SERVICE_S3, NULL);
  g_return_val_if_fail (target != NULL, NULL);

  text = body != NULL ? json_to_string (body, FALSE) : g_strdup ("{}");
  length = strlen (text);
  bytes = g_bytes_new_take (g_steal_pointer (&text), length);

  request.service = service;
  request.method = "POST";
  request.path = "/";
  request.headers = headers;
  request.body = bytes;
  request.content_type = "application/x-amz-json-1.1";

  if (!(response = sl_aws_client_send (self, &request, cancellable, error)))
    return NULL;

  data = g_bytes_get_data (response->body, &length);
  if (data == NULL || !json_parser_load_from_data (parser, data, length, NULL))
    {
      g_autofree char *sentence = g_strdup_printf (_("%s sent an answer that is not JSON"),
                                                   sl_aws_service_get_display_name (service));

      g_propagate_error (error, sl_aws_error_new_full (SL_AWS_ERROR_INVALID_RESPONSE,
                                                       services[service].signing_name,
                                                       response->status, NULL, NULL,
                                                       response->request_id, sentence));
      return NULL;
    }

  return json_parser_steal_root (parser);
}
