#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define SL_AWS_ERROR (sl_aws_error_quark ())

/* Errors of the AWS client. Messages are short sentences for people; the
 * service's own error code, message and request id travel beside them
 * (sl_aws_error_get_aws_code () and friends), never a secret. */
typedef enum
{
  SL_AWS_ERROR_FAILED,
  SL_AWS_ERROR_NO_CREDENTIALS,
  SL_AWS_ERROR_NO_REGION,
  SL_AWS_ERROR_CONFIG,            /* unreadable or malformed settings or AWS files */
  SL_AWS_ERROR_NETWORK,           /* connection refused, reset, DNS */
  SL_AWS_ERROR_TIMEOUT,
  SL_AWS_ERROR_THROTTLED,
  SL_AWS_ERROR_SERVICE,           /* 5xx */
  SL_AWS_ERROR_ACCESS_DENIED,     /* 401/403 other than a bad signature */
  SL_AWS_ERROR_SIGNATURE,         /* the service rejected our signature */
  SL_AWS_ERROR_NOT_FOUND,
  SL_AWS_ERROR_CLIENT,            /* any other 4xx: a bad request, never retried */
  SL_AWS_ERROR_INVALID_RESPONSE,  /* truncated or malformed body */
  SL_AWS_ERROR_TOO_LARGE,         /* response above the configured limit */
  SL_AWS_ERROR_CIRCUIT_OPEN,      /* too many recent failures; not tried */
} SlAwsError;

GQuark      sl_aws_error_quark           (void);

/* Details of an error in SL_AWS_ERROR; NULL or 0 when the service gave none. */
const char *sl_aws_error_get_aws_code    (const GError *error);
const char *sl_aws_error_get_aws_message (const GError *error);
const char *sl_aws_error_get_request_id  (const GError *error);
guint       sl_aws_error_get_http_status (const GError *error);
const char *sl_aws_error_get_service     (const GError *error);

/* Creates an SL_AWS_ERROR with details; any argument may be NULL/0. */
GError     *sl_aws_error_new_full        (SlAwsError    code,
                                          const char   *service,
                                          guint         http_status,
                                          const char   *aws_code,
                                          const char   *aws_message,
                                          const char   *request_id,
                                          const char   *message);
/* Whether the standard retry policy retries this error. */
gboolean    sl_aws_error_is_retryable    (const GError *error);
/* A stable English identifier for the CLI ("throttled", "access_denied", …). */
const char *sl_aws_error_code_to_string  (int           code);

G_END_DECLS
