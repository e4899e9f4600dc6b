#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "sl-aws-credentials.h"
#include "sl-aws-error.h"

G_BEGIN_DECLS

typedef enum
{
  SL_AWS_SERVICE_S3,
  SL_AWS_SERVICE_BEDROCK_RUNTIME,
  SL_AWS_SERVICE_SAGEMAKER_RUNTIME,
  SL_AWS_SERVICE_TRANSCRIBE,
  SL_AWS_SERVICE_REKOGNITION,
  SL_AWS_SERVICE_POLLY,
  SL_AWS_N_SERVICES
} SlAwsService;

/* One request. Paths and queries are percent-encoded as they go on the wire. */
typedef struct
{
  SlAwsService         service;
  const char          *method;
  const char          *host_prefix;   /* S3 virtual-hosted style: "bucket." */
  const char          *path;
  const char          *query;         /* without '?', may be NULL */
  const char * const  *headers;       /* name, value, …, NULL; may be NULL */
  GBytes              *body;          /* may be NULL */
  const char          *content_type;  /* may be NULL */
  const char          *output_path;   /* stream a 2xx body into this file */
  gsize                max_response_size; /* 0: the client's limit */
} SlAwsRequest;

typedef struct
{
  guint               status;
  GBytes             *body;           /* empty when streamed to a file or for HEAD */
  SoupMessageHeaders *headers;
  char               *request_id;
  guint               attempts;
} SlAwsResponse;

#define SL_TYPE_AWS_CLIENT (sl_aws_client_get_type ())

G_DECLARE_FINAL_TYPE (SlAwsClient, sl_aws_client, SL, AWS_CLIENT, GObject)

/* Configure the client (setters) before its first request. */
SlAwsClient   *sl_aws_client_new                   (const SlAwsCredentials *credentials,
                                                    const char             *region) G_GNUC_WARN_UNUSED_RESULT;
/* Credentials from the standard chain, region from the chain or fallback. */
SlAwsClient   *sl_aws_client_new_from_environment  (const char             *profile,
                                                    const char             *fallback_region,
                                                    SlAwsChainFlags         flags,
                                                    GError                **error) G_GNUC_WARN_UNUSED_RESULT;
const char    *sl_aws_client_get_region            (SlAwsClient            *self);
const SlAwsCredentials *sl_aws_client_get_credentials (SlAwsClient        *self);
/* Up to max_attempts tries (standard mode: 3), full-jitter exponential backoff
 * from base_ms, capped at max_backoff_ms. Tests use a 1 ms base. */
void           sl_aws_client_set_retry             (SlAwsClient            *self,
                                                    guint                   max_attempts,
                                                    guint                   base_ms,
                                                    guint                   max_backoff_ms);
/* Connect and read timeouts, in seconds. */
void           sl_aws_client_set_timeout           (SlAwsClient            *self,
                                                    guint                   seconds);
void           sl_aws_client_set_max_response_size (SlAwsClient            *self,
                                                    gsize                   max_bytes);
/* After threshold failed calls in a row a service is left alone for
 * cooldown_ms, then one call is let through to probe it. */
void           sl_aws_client_set_circuit_breaker   (SlAwsClient            *self,
                                                    guint                   threshold,
                                                    guint                   cooldown_ms);
/* Base URL for a service (no trailing slash); *custom is set when it comes
 * from AWS_ENDPOINT_URL(_<SERVICE>), which calls for path-style S3. */
char          *sl_aws_client_dup_endpoint          (SlAwsClient            *self,
                                                    SlAwsService            service,
                                                    gboolean               *custom) G_GNUC_WARN_UNUSED_RESULT;
SlAwsResponse *sl_aws_client_send                  (SlAwsClient            *self,
                                                    const SlAwsRequest     *request,
                                                    GCancellable           *cancellable,
                                                    GError                **error) G_GNUC_WARN_UNUSED_RESULT;
/* A call to an awsJson 1.1 service (Transcribe, Rekognition): POST / with
 * X-Amz-Target: target and a JSON object body; returns the JSON answer. */
JsonNode      *sl_aws_client_call_json             (SlAwsClient            *self,
                                                    SlAwsService            service,
                                                    const char             *target,
                                                    JsonNode               *body,
                                                    GCancellable           *cancellable,
                                                    GError                **error) G_GNUC_WARN_UNUSED_RESULT;
/* A presigned URL for a GET or PUT valid for expires_in seconds. */
char          *sl_aws_client_presign               (SlAwsClient            *self,
                                                    const SlAwsRequest     *request,
                                                    guint                   expires_in,
                                                    GError                **error) G_GNUC_WARN_UNUSED_RESULT;

void           sl_aws_response_free                (SlAwsResponse          *response);

const char    *sl_aws_service_get_signing_name     (SlAwsService            service);
const char    *sl_aws_service_get_display_name     (SlAwsService            service);
/* The endpoint for a service in a region, honouring the override variables. */
char          *sl_aws_endpoint_resolve             (SlAwsService            service,
                                                    const char             *region,
                                                    gboolean               *custom) G_GNUC_WARN_UNUSED_RESULT;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlAwsResponse, sl_aws_response_free)

G_END_DECLS
