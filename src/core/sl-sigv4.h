#pragma once

#include <gio/gio.h>

#include "sl-aws-credentials.h"

G_BEGIN_DECLS

/* Hex SHA-256 of the empty string, and the S3 marker for unsigned bodies. */
#define SL_SIGV4_EMPTY_SHA256     "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
#define SL_SIGV4_UNSIGNED_PAYLOAD "UNSIGNED-PAYLOAD"

typedef enum
{
  SL_SIGV4_NONE                = 0,
  /* S3 rules: the path is encoded once and never normalised. */
  SL_SIGV4_S3_PATH             = 1 << 0,
  /* Keep "." and ".." segments and repeated slashes (other services normalise). */
  SL_SIGV4_NO_NORMALIZE        = 1 << 1,
  /* Send x-amz-content-sha256 as a signed header (S3 always does). */
  SL_SIGV4_CONTENT_SHA256      = 1 << 2,
  /* Add the session token after signing instead of signing it. */
  SL_SIGV4_OMIT_SESSION_TOKEN  = 1 << 3,
} SlSigv4Flags;

/* A request to sign: method, the path and query exactly as they go on the
 * wire (percent-encoded), headers in order (duplicates allowed), and the
 * payload's hash. */
typedef struct _SlSigv4Request SlSigv4Request;

typedef struct
{
  char       *canonical_request;
  char       *string_to_sign;
  char       *signature;
  char       *authorization;   /* header signing only */
  char       *query;           /* presigning only: the full signed query string */
  /* Header signing: headers to add to the request (name, value, name, value, …),
   * Authorization included. */
  GPtrArray  *add_headers;
} SlSigv4Result;

SlSigv4Request *sl_sigv4_request_new              (const char            *method,
                                                   const char            *path,
                                                   const char            *query) G_GNUC_WARN_UNUSED_RESULT;
void            sl_sigv4_request_free             (SlSigv4Request        *request);
void            sl_sigv4_request_add_header       (SlSigv4Request        *request,
                                                   const char            *name,
                                                   const char            *value);
/* The payload: its bytes (hashed here), or a precomputed hex hash/marker. */
void            sl_sigv4_request_set_payload      (SlSigv4Request        *request,
                                                   const guint8          *data,
                                                   gsize                  length);
void            sl_sigv4_request_set_payload_hash (SlSigv4Request        *request,
                                                   const char            *hex_or_marker);
const char     *sl_sigv4_request_get_payload_hash (SlSigv4Request        *request);

/* Authorization-header signing. time is UTC; NULL means now. */
SlSigv4Result  *sl_sigv4_sign_headers             (SlSigv4Request         *request,
                                                   const SlAwsCredentials *credentials,
                                                   const char             *region,
                                                   const char             *service,
                                                   GDateTime              *time,
                                                   SlSigv4Flags            flags) G_GNUC_WARN_UNUSED_RESULT;
/* Query-string presigning for expires_in seconds (1 to 604800). */
SlSigv4Result  *sl_sigv4_presign                  (SlSigv4Request         *request,
                                                   const SlAwsCredentials *credentials,
                                                   const char             *region,
                                                   const char             *service,
                                                   GDateTime              *time,
                                                   guint                   expires_in,
                                                   SlSigv4Flags            flags) G_GNUC_WARN_UNUSED_RESULT;
void            sl_sigv4_result_free              (SlSigv4Result         *result);

/* Percent-encodes everything but A-Z a-z 0-9 - . _ ~ (and '/' when keep_slash). */
char           *sl_sigv4_uri_encode               (const char            *text,
                                                   gssize                 length,
                                                   gboolean               keep_slash) G_GNUC_WARN_UNUSED_RESULT;
char           *sl_sigv4_sha256_hex               (const guint8          *data,
                                                   gsize                  length) G_GNUC_WARN_UNUSED_RESULT;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlSigv4Request, sl_sigv4_request_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlSigv4Result, sl_sigv4_result_free)

G_END_DECLS
