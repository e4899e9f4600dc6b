#define G_LOG_DOMAIN "sl-sigv4"

#include "config.h"

#include <string.h>

#include "sl-sigv4.h"

#define ALGORITHM "AWS4-HMAC-SHA256"

struct _SlSigv4Request
{
  char      *method;
  char      *path;
  char      *query;
  GPtrArray *headers;       /* name, value, name, value, … as given */
  char      *payload_hash;
};

typedef struct
{
  char *name;               /* lower case */
  char *value;              /* trimmed, folded, duplicates joined with ',' */
} CanonicalHeader;

SlSigv4Request *
sl_sigv4_request_new (const char *method,
                      const char *path,
                      const char *query)
{
  SlSigv4Request *self;

  g_return_val_if_fail (method != NULL, NULL);

  self = g_new0 (SlSigv4Request, 1);
  self->method = g_strdup (method);
  self->path = g_strdup (path != NULL && *path != '\0' ? path : "/");
  self->query = g_strdup (query != NULL ? query : "");
  self->headers = g_ptr_array_new_with_free_func (g_free);
  self->payload_hash = g_strdup (SL_SIGV4_EMPTY_SHA256);

  return self;
}

void
sl_sigv4_request_free (SlSigv4Request *self)
{
  if (self == NULL)
    return;

  g_free (self->method);
  g_free (self->path);
  g_free (self->query);
  g_ptr_array_unref (self->headers);
  g_free (self->payload_hash);
  g_free (self);
}

void
sl_sigv4_request_add_header (SlSigv4Request *self,
                             const char     *name,
                             const char     *value)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (name != NULL);

  g_ptr_array_add (self->headers, g_strdup (name));
  g_ptr_array_add (self->headers, g_strdup (value != NULL ? value : ""));
}

char *
sl_sigv4_sha256_hex (const guint8 *data,
                     gsize         length)
{
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, data != NULL ? data : (const guint8 *)"",
                                      length);
}

void
sl_sigv4_request_set_payload (SlSigv4Request *self,
                              const guint8   *data,
                              gsize           length)
{
  g_return_if_fail (self != NULL);

  g_free (self->payload_hash);
  self->payload_hash = sl_sigv4_sha256_hex (data, length);
}

void
sl_sigv4_request_set_payload_hash (SlSigv4Request *self,
                                   const char     *hex_or_marker)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (hex_or_marker != NULL);

  g_free (self->payload_hash);
  self->payload_hash = g_strdup (hex_or_marker);
}

const char *
sl_sigv4_request_get_payload_hash (SlSigv4Request *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->payload_hash;
}

void
sl_sigv4_result_free (SlSigv4Result *result)
{
  if (result == NULL)
    return;

  g_free (result->canonical_request);
  g_free (result->string_to_sign);
  g_free (result->signature);
  g_free (result->authorization);
  g_free (result->query);
  g_clear_pointer (&result->add_headers, g_ptr_array_unref);
  g_free (result);
}

static inline gboolean
is_unreserved (guchar c)
{
  return g_ascii_isalnum (c) || c == '-' || c == '.' || c == '_' || c == '~';
}

char *
sl_sigv4_uri_encode (const char *text,
                     gssize      length,
                     gboolean    keep_slash)
{
  GString *out;

  if (length < 0)
    length = strlen (text);

  out = g_string_sized_new (length + 8);
  for (gssize i = 0; i < length; i++)
    {
      guchar c = (guchar)text[i];

      if (is_unreserved (c) || (keep_slash && c == '/'))
        g_string_append_c (out, c);
      else
        g_string_append_printf (out, "%%%02X", c);
    }

  return g_string_free (out, FALSE);
}

/* Decodes %XX escapes; malformed escapes are kept as they are, so a stray
 * '%' is signed the way it is sent. */
static char *
percent_decode (const char *text,
                gsize       length,
                gsize      *out_length)
{
  GString *out = g_string_sized_new (length);

  for (gsize i = 0; i < length; i++)
    {
      if (text[i] == '%' && i + 2 < length &&
          g_ascii_isxdigit (text[i + 1]) && g_ascii_isxdigit (text[i + 2]))
        {
          g_string_append_c (out, (char)(g_ascii_xdigit_value (text[i + 1]) * 16 +
                                         g_ascii_xdigit_value (text[i + 2])));
          i += 2;
        }
      else
        g_string_append_c (out, text[i]);
    }

  *out_length = out->len;
  return g_string_free (out, FALSE);
}

/* RFC 3986 dot-segment removal plus collapsing of empty segments, as the
 * SigV4 rules for every service but S3 ask. */
static char *
normalize_path (const char *path)
{
  g_auto(GStrv) parts = g_strsplit (path, "/", -1);
  g_autoptr(GPtrArray) kept = g_ptr_array_new ();
  guint n = g_strv_length (parts);
  gboolean trailing_slash = FALSE;
  GString *out;

  for (guint i = 0; i < n; i++)
    {
      const char *segment = parts[i];
      gboolean last = i + 1 == n;

      if (*segment == '\0' || g_str_equal (segment, "."))
        {
          if (last && i > 0)
            trailing_slash = TRUE;
          continue;
        }
      if (g_str_equal (segment, ".."))
        {
          if (kept->len > 0)
            g_ptr_array_remove_index (kept, kept->len - 1);
          if (last)
            trailing_slash = TRUE;
          continue;
        }
      g_ptr_array_add (kept, (gpointer)segment);
    }

  out = g_string_new ("/");
  for (guint i = 0; i < kept->len; i++)
    {
      if (i > 0)
        g_string_append_c (out, '/');
      g_string_append (out, g_ptr_array_index (kept, i));
    }
  if (trailing_slash && kept->len > 0)
    g_string_append_c (out, '/');

  return g_string_free (out, FALSE);
}

static char *
canonical_uri (const char   *path,
               SlSigv4Flags  flags)
{
  if (flags & SL_SIGV4_S3_PATH)
    {
      gsize length;
      g_autofree char *decoded = percent_decode (path, strlen (path), &length);

      return sl_sigv4_uri_encode (decoded, length, TRUE);
    }
  else
    {
      g_autofree char *normalized = NULL;

      if ((flags & SL_SIGV4_NO_NORMALIZE) == 0)
        normalized = normalize_path (path);
      /* Other services encode the already-encoded path a second time. */
      return sl_sigv4_uri_encode (normalized != NULL ? normalized : path, -1, TRUE);
    }
}

typedef struct
{
  char *key;
  char *value;
} QueryParam;

static void
query_param_free (gpointer data)
{
  QueryParam *param = data;

  g_free (param->key);
  g_free (param->value);
  g_free (param);
}

static int
query_param_compare (gconstpointer a,
                     gconstpointer b)
{
  const QueryParam *pa = *(QueryParam * const *)a;
  const QueryParam *pb = *(QueryParam * const *)b;
  int cmp = strcmp (pa->key, pb->key);

  return cmp != 0 ? cmp : strcmp (pa->value, pb->value);
}

static void
add_param_encoded (GPtrArray  *params,
                   const char *key,
                   const char *value)
{
  QueryParam *param = g_new0 (QueryParam, 1);

  param->key = sl_sigv4_uri_encode (key, -1, FALSE);
  param->value = sl_sigv4_uri_encode (value, -1, FALSE);
  g_ptr_array_add (params, param);
}

static GPtrArray *
parse_query (const char *query)
{
  GPtrArray *params = g_ptr_array_new_with_free_func (query_param_free);
  g_auto(GStrv) pieces = g_strsplit (query, "&", -1);

  for (guint i = 0; pieces[i] != NULL; i++)
    {
      const char *piece = pieces[i];
      const char *eq;
      gsize key_length;
      gsize decoded_length;
      g_autofree char *key = NULL;
      g_autofree char *value = NULL;
      QueryParam *param;

      if (*piece == '\0')
        continue;
      eq = strchr (piece, '=');
      key_length = eq != NULL ? (gsize)(eq - piece) : strlen (piece);
      key = percent_decode (piece, key_length, &decoded_length);
      param = g_new0 (QueryParam, 1);
      param->key = sl_sigv4_uri_encode (key, decoded_length, FALSE);
      if (eq != NULL)
        {
          value = percent_decode (eq + 1, strlen (eq + 1), &decoded_length);
          param->value = sl_sigv4_uri_encode (value, decoded_length, FALSE);
        }
      else
        param->value = g_strdup ("");
      g_ptr_array_add (params, param);
    }

  return params;
}

static char *
join_query (GPtrArray *params)
{
  GString *out = g_string_new (NULL);

  g_ptr_array_sort (params, query_param_compare);
  for (guint i = 0; i < params->len; i++)
    {
      QueryParam *param = g_ptr_array_index (params, i);

      if (i > 0)
        g_string_append_c (out, '&');
      g_string_append_printf (out, "%s=%s", param->key, param->value);
    }

  return g_string_free (out, FALSE);
}

/* Unfolds continuation lines, trims, and collapses runs of blanks. */
static char *
canonical_header_value (const char *value)
{
  GString *out = g_string_new (NULL);
  gboolean blank = FALSE;

  for (const char *p = value; *p != '\0'; p++)
    {
      char c = *p;

      if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
        {
          blank = TRUE;
          continue;
        }
      if (blank && out->len > 0)
        g_string_append_c (out, ' ');
      blank = FALSE;
      g_string_append_c (out, c);
    }

  return g_string_free (out, FALSE);
}

static gboolean
is_unsigned_header (const char *lower_name)
{
  static const char * const skipped[] = {
    "authorization", "user-agent", "expect", "x-amzn-trace-id", "connection",
    "transfer-encoding",
  };

  for (guint i = 0; i < G_N_ELEMENTS (skipped); i++)
    if (g_str_equal (lower_name, skipped[i]))
      return TRUE;
  return FALSE;
}

static void
canonical_header_free (gpointer data)
{
  CanonicalHeader *header = data;

  g_free (header->name);
  g_free (header->value);
  g_free (header);
}

static int
canonical_header_compare (gconstpointer a,
                          gconstpointer b)
{
  const CanonicalHeader *ha = *(CanonicalHeader * const *)a;
  const CanonicalHeader *hb = *(CanonicalHeader * const *)b;

  return strcmp (ha->name, hb->name);
}

static void
merge_header (GPtrArray  *headers,
              const char *name,
              const char *value)
{
  g_autofree char *lower = g_ascii_strdown (name, -1);
  g_autofree char *canonical = NULL;
  CanonicalHeader *header;

  g_strstrip (lower);
  if (is_unsigned_header (lower))
    return;

  canonical = canonical_header_value (value);
  for (guint i = 0; i < headers->len; i++)
    {
      header = g_ptr_array_index (headers, i);
      if (g_str_equal (header->name, lower))
        {
          char *joined = g_strconcat (header->value, ",", canonical, NULL);

          g_free (header->value);
          header->value = joined;
          return;
        }
    }

  header = g_new0 (CanonicalHeader, 1);
  header->name = g_steal_pointer (&lower);
  header->value = g_steal_pointer (&canonical);
  g_ptr_array_add (headers, header);
}

static gboolean
has_header (GPtrArray  *headers,
            const char *lower_name)
{
  for (guint i = 0; i < headers->len; i++)
    {
      CanonicalHeader *header = g_ptr_array_index (headers, i);

      if (g_str_equal (header->name, lower_name))
        return TRUE;
    }
  return FALSE;
}

static GPtrArray *
collect_headers (SlSigv4Request *self)
{
  GPtrArray *headers = g_ptr_array_new_with_free_func (canonical_header_free);

  for (guint i = 0; i + 1 < self->headers->len; i += 2)
    merge_header (headers, g_ptr_array_index (self->headers, i),
                  g_ptr_array_index (self->headers, i + 1));

  return headers;
}

static char *
signed_header_names (GPtrArray *headers)
{
  GString *out = g_string_new (NULL);

  g_ptr_array_sort (headers, canonical_header_compare);
  for (guint i = 0; i < headers->len; i++)
    {
      CanonicalHeader *header = g_ptr_array_index (headers, i);

      if (i > 0)
        g_string_append_c (out, ';');
      g_string_append (out, header->name);
    }

  return g_string_free (out, FALSE);
}

static char *
build_canonical_request (SlSigv4Request *self,
                         SlSigv4Flags    flags,
                         const char     *canonical_query,
                         GPtrArray      *headers,
                         const char     *signed_headers)
{
  g_autofree char *uri = canonical_uri (self->path, flags);
  GString *out = g_string_new (NULL);

  g_string_append_printf (out, "%s\n%s\n%s\n", self->method, uri, canonical_query);
  for (guint i = 0; i < headers->len; i++)
    {
      CanonicalHeader *header = g_ptr_array_index (headers, i);

      g_string_append_printf (out, "%s:%s\n", header->name, header->value);
    }
  g_string_append_printf (out, "\n%s\n%s", signed_headers, self->payload_hash);

  return g_string_free (out, FALSE);
}

static void
hmac_sha256 (const guint8 *key,
             gsize         key_length,
             const char   *data,
             guint8        out[32])
{
  g_autoptr(GHmac) hmac = g_hmac_new (G_CHECKSUM_SHA256, key, key_length);
  gsize length = 32;

  g_hmac_update (hmac, (const guint8 *)data, strlen (data));
  g_hmac_get_digest (hmac, out, &length);
  g_assert (length == 32);
}

static char *
compute_signature (const SlAwsCredentials *credentials,
                   const char             *date,
                   const char             *region,
                   const char             *service,
                   const char             *string_to_sign)
{
  g_autofree char *secret = g_strconcat ("AWS4", credentials->secret_access_key, NULL);
  guint8 k_date[32];
  guint8 k_region[32];
  guint8 k_service[32];
  guint8 k_signing[32];
  guint8 signature[32];
  GString *hex = g_string_sized_new (64);

  hmac_sha256 ((const guint8 *)secret, strlen (secret), date, k_date);
  hmac_sha256 (k_date, 32, region, k_region);
  hmac_sha256 (k_region, 32, service, k_service);
  hmac_sha256 (k_service, 32, "aws4_request", k_signing);
  hmac_sha256 (k_signing, 32, string_to_sign, signature);

  for (guint i = 0; i < 32; i++)
    g_string_append_printf (hex, "%02x", signature[i]);

  memset (secret, 0, strlen (secret));
  memset (k_date, 0, sizeof k_date);
  memset (k_region, 0, sizeof k_region);
  memset (k_service, 0, sizeof k_service);
  memset (k_signing, 0, sizeof k_signing);

  return g_string_free (hex, FALSE);
}

static char *
build_string_to_sign (const char *amz_date,
                      const char *scope,
                      const char *canonical_request)
{
  g_autofree char *hash = sl_sigv4_sha256_hex ((const guint8 *)canonical_request,
                                               strlen (canonical_request));

  return g_strdup_printf (ALGORITHM "\n%s\n%s\n%s", amz_date, scope, hash);
}

static void
format_times (GDateTime  *time,
              char      **amz_date,
              char      **date)
{
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) utc = NULL;

  if (time == NULL)
    time = now = g_date_time_new_now_utc ();
  utc = g_date_time_to_utc (time);
  *amz_date = g_date_time_format (utc, "%Y%m%dT%H%M%SZ");
  *date = g_date_time_format (utc, "%Y%m%d");
}

SlSigv4Result *
sl_sigv4_sign_headers (SlSigv4Request         *self,
                       const SlAwsCredentials *credentials,
                       const char             *region,
                       const char             *service,
                       GDateTime              *time,
                       SlSigv4Flags            flags)
{
  g_autoptr(GPtrArray) headers = NULL;
  g_autoptr(GPtrArray) params = NULL;
  g_autofree char *amz_date = NULL;
  g_autofree char *date = NULL;
  g_autofree char *scope = NULL;
  g_autofree char *canonical_query = NULL;
  g_autofree char *signed_headers = NULL;
  SlSigv4Result *result;
  gboolean token_signed;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (credentials != NULL, NULL);
  g_return_val_if_fail (region != NULL && service != NULL, NULL);

  format_times (time, &amz_date, &date);
  scope = g_strdup_printf ("%s/%s/%s/aws4_request", date, region, service);

  result = g_new0 (SlSigv4Result, 1);
  result->add_headers = g_ptr_array_new_with_free_func (g_free);

  headers = collect_headers (self);
  if (!has_header (headers, "x-amz-date"))
    {
      merge_header (headers, "x-amz-date", amz_date);
      g_ptr_array_add (result->add_headers, g_strdup ("X-Amz-Date"));
      g_ptr_array_add (result->add_headers, g_strdup (amz_date));
    }
  token_signed = has_header (headers, "x-amz-security-token");
  if (credentials->session_token != NULL && !token_signed &&
      (flags & SL_SIGV4_OMIT_SESSION_TOKEN) == 0)
    {
      merge_header (headers, "x-amz-security-token", credentials->session_token);
      g_ptr_array_add (result->add_headers, g_strdup ("X-Amz-Security-Token"));
      g_ptr_array_add (result->add_headers, g_strdup (credentials->session_token));
      token_signed = TRUE;
    }
  if ((flags & SL_SIGV4_CONTENT_SHA256) && !has_header (headers, "x-amz-content-sha256"))
    {
      merge_header (headers, "x-amz-content-sha256", self->payload_hash);
      g_ptr_array_add (result->add_headers, g_strdup ("x-amz-content-sha256"));
      g_ptr_array_add (result->add_headers, g_strdup (self->payload_hash));
    }

  params = parse_query (self->query);
  canonical_query = join_query (params);
  signed_headers = signed_header_names (headers);

  result->canonical_request = build_canonical_request (self, flags, canonical_query, headers,
                                                       signed_headers);
  result->string_to_sign = build_string_to_sign (amz_date, scope, result->canonical_request);
  result->signature = compute_signature (credentials, date, region, service,
                                         result->string_to_sign);
  result->authorization = g_strdup_printf (ALGORITHM " Credential=%s/%s, SignedHeaders=%s, Signature=%s",
                                           credentials->access_key_id, scope, signed_headers,
                                           result->signature);

  if (credentials->session_token != NULL && !token_signed)
    {
      g_ptr_array_add (result->add_headers, g_strdup ("X-Amz-Security-Token"));
      g_ptr_array_add (result->add_headers, g_strdup (credentials->session_token));
    }
  g_ptr_array_add (result->add_headers, g_strdup ("Authorization"));
  g_ptr_array_add (result->add_headers, g_strdup (result->authorization));

  return result;
}

SlSigv4Result *
sl_sigv4_presign (SlSigv4Request         *self,
                  const SlAwsCredentials *credentials,
                  const char             *region,
                  const char             *service,
                  GDateTime              *time,
                  guint                   expires_in,
                  SlSigv4Flags            flags)
{
  g_autoptr(GPtrArray) headers = NULL;
  g_autoptr(GPtrArray) params = NULL;
  g_autofree char *amz_date = NULL;
  g_autofree char *date = NULL;
  g_autofree char *scope = NULL;
  g_autofree char *credential = NULL;
  g_autofree char *expires = NULL;
  g_autofree char *canonical_query = NULL;
  g_autofree char *signed_headers = NULL;
  g_autofree char *encoded_token = NULL;
  SlSigv4Result *result;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (credentials != NULL, NULL);
  g_return_val_if_fail (region != NULL && service != NULL, NULL);
  g_return_val_if_fail (expires_in >= 1 && expires_in <= 604800, NULL);

  format_times (time, &amz_date, &date);
  scope = g_strdup_printf ("%s/%s/%s/aws4_request", date, region, service);
  credential = g_strdup_printf ("%s/%s", credentials->access_key_id, scope);
  expires = g_strdup_printf ("%u", expires_in);

  headers = collect_headers (self);
  signed_headers = signed_header_names (headers);

  params = parse_query (self->query);
  add_param_encoded (params, "X-Amz-Algorithm", ALGORITHM);
  add_param_encoded (params, "X-Amz-Credential", credential);
  add_param_encoded (params, "X-Amz-Date", amz_date);
  add_param_encoded (params, "X-Amz-Expires", expires);
  add_param_encoded (params, "X-Amz-SignedHeaders", signed_headers);
  if (credentials->session_token != NULL && (flags & SL_SIGV4_OMIT_SESSION_TOKEN) == 0)
    add_param_encoded (params, "X-Amz-Security-Token", credentials->session_token);
  canonical_query = join_query (params);

  result = g_new0 (SlSigv4Result, 1);
  result->canonical_request = build_canonical_request (self, flags, canonical_query, headers,
                                                       signed_headers);
  result->string_to_sign = build_string_to_sign (amz_date, scope, result->canonical_request);
  result->signature = compute_signature (credentials, date, region, service,
                                         result->string_to_sign);

  if (credentials->session_token != NULL && (flags & SL_SIGV4_OMIT_SESSION_TOKEN) != 0)
    encoded_token = sl_sigv4_uri_encode (credentials->session_token, -1, FALSE);
  result->query = g_strdup_printf ("%s&X-Amz-Signature=%s%s%s", canonical_query, result->signature,
                                   encoded_token != NULL ? "&X-Amz-Security-Token=" : "",
                                   encoded_token != NULL ? encoded_token : "");

  return result;
}
