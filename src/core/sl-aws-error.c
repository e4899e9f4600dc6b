#define G_LOG_DOMAIN "sl-aws-error"

#include "config.h"

#include "sl-aws-error.h"

typedef struct
{
  char  *service;
  char  *aws_code;
  char  *aws_message;
  char  *request_id;
  guint  http_status;
} SlAwsErrorPrivate;

static void
sl_aws_error_private_init (SlAwsErrorPrivate *priv)
{
}

static void
sl_aws_error_private_copy (const SlAwsErrorPrivate *src,
                           SlAwsErrorPrivate       *dest)
{
  dest->service = g_strdup (src->service);
  dest->aws_code = g_strdup (src->aws_code);
  dest->aws_message = g_strdup (src->aws_message);
  dest->request_id = g_strdup (src->request_id);
  dest->http_status = src->http_status;
}

static void
sl_aws_error_private_clear (SlAwsErrorPrivate *priv)
{
  g_clear_pointer (&priv->service, g_free);
  g_clear_pointer (&priv->aws_code, g_free);
  g_clear_pointer (&priv->aws_message, g_free);
  g_clear_pointer (&priv->request_id, g_free);
}

G_DEFINE_EXTENDED_ERROR (SlAwsError, sl_aws_error)

static SlAwsErrorPrivate *
get_private (const GError *error)
{
  if (error == NULL || error->domain != SL_AWS_ERROR)
    return NULL;
  return sl_aws_error_get_private (error);
}

const char *
sl_aws_error_get_aws_code (const GError *error)
{
  SlAwsErrorPrivate *priv = get_private (error);

  return priv != NULL ? priv->aws_code : NULL;
}

const char *
sl_aws_error_get_aws_message (const GError *error)
{
  SlAwsErrorPrivate *priv = get_private (error);

  return priv != NULL ? priv->aws_message : NULL;
}

const char *
sl_aws_error_get_request_id (const GError *error)
{
  SlAwsErrorPrivate *priv = get_private (error);

  return priv != NULL ? priv->request_id : NULL;
}

guint
sl_aws_error_get_http_status (const GError *error)
{
  SlAwsErrorPrivate *priv = get_private (error);

  return priv != NULL ? priv->http_status : 0;
}

const char *
sl_aws_error_get_service (const GError *error)
{
  SlAwsErrorPrivate *priv = get_private (error);

  return priv != NULL ? priv->service : NULL;
}

GError *
sl_aws_error_new_full (SlAwsError  code,
                       const char *service,
                       guint       http_status,
                       const char *aws_code,
                       const char *aws_message,
                       const char *request_id,
                       const char *message)
{
  GError *error = g_error_new_literal (SL_AWS_ERROR, code, message);
  SlAwsErrorPrivate *priv = sl_aws_error_get_private (error);

  priv->service = g_strdup (service);
  priv->http_status = http_status;
  priv->aws_code = g_strdup (aws_code);
  priv->aws_message = g_strdup (aws_message);
  priv->request_id = g_strdup (request_id);

  return error;
}

gboolean
sl_aws_error_is_retryable (const GError *error)
{
  if (error == NULL)
    return FALSE;
  if (error->domain != SL_AWS_ERROR)
    return FALSE;

  switch ((SlAwsError)error->code)
    {
    case SL_AWS_ERROR_NETWORK:
    case SL_AWS_ERROR_TIMEOUT:
    case SL_AWS_ERROR_THROTTLED:
    case SL_AWS_ERROR_SERVICE:
      return TRUE;
    case SL_AWS_ERROR_INVALID_RESPONSE:
      /* A body cut short by a reset is transient; a well-formed 200 with the
       * wrong shape is not, and the caller raises that after the transport. */
      return sl_aws_error_get_http_status (error) == 0;
    case SL_AWS_ERROR_FAILED:
    case SL_AWS_ERROR_NO_CREDENTIALS:
    case SL_AWS_ERROR_NO_REGION:
    case SL_AWS_ERROR_CONFIG:
    case SL_AWS_ERROR_ACCESS_DENIED:
    case SL_AWS_ERROR_SIGNATURE:
    case SL_AWS_ERROR_NOT_FOUND:
    case SL_AWS_ERROR_CLIENT:
    case SL_AWS_ERROR_TOO_LARGE:
    case SL_AWS_ERROR_CIRCUIT_OPEN:
    default:
      return FALSE;
    }
}

const char *
sl_aws_error_code_to_string (int code)
{
  static const char * const names[] = {
    "failed", "no_credentials", "no_region", "config", "network", "timeout",
    "throttled", "service", "access_denied", "signature", "not_found", "client",
    "invalid_response", "too_large", "circuit_open",
  };

  if (code < 0 || code >= (int)G_N_ELEMENTS (names))
    return "failed";
  return names[code];
}
