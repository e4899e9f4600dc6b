#define G_LOG_DOMAIN "sl-s3-client"

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "sl-s3-client.h"
#include "sl-sigv4.h"

#define DEFAULT_MULTIPART_THRESHOLD (64 * 1024 * 1024)
#define DEFAULT_PART_SIZE           (16 * 1024 * 1024)
#define MIN_PART_SIZE               (5 * 1024 * 1024)
#define MAX_PARTS                   10000

struct _SlS3Client
{
  GObject      parent_instance;

  SlAwsClient *client;
  char        *bucket;
  gsize        multipart_threshold;
  gsize        part_size;
};

G_DEFINE_FINAL_TYPE (SlS3Client, sl_s3_client, G_TYPE_OBJECT)

void
sl_s3_object_info_free (SlS3ObjectInfo *info)
{
  if (info == NULL)
    return;

  g_free (info->key);
  g_free (info->etag);
  g_free (info->content_type);
  g_free (info->last_modified);
  g_free (info);
}

static void
sl_s3_client_finalize (GObject *object)
{
  SlS3Client *self = (SlS3Client *)object;

  g_clear_object (&self->client);
  g_clear_pointer (&self->bucket, g_free);

  G_OBJECT_CLASS (sl_s3_client_parent_class)->finalize (object);
}

static void
sl_s3_client_class_init (SlS3ClientClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sl_s3_client_finalize;
}

static void
sl_s3_client_init (SlS3Client *self)
{
  self->multipart_threshold = DEFAULT_MULTIPART_THRESHOLD;
  self->part_size = DEFAULT_PART_SIZE;
}

SlS3Client *
sl_s3_client_new (SlAwsClient *client,
                  const char  *bucket)
{
  SlS3Client *self;

  g_return_val_if_fail (SL_IS_AWS_CLIENT (client), NULL);
  g_return_val_if_fail (bucket != NULL && *bucket != '\0', NULL);

  self = g_object_new (SL_TYPE_S3_CLIENT, NULL);
  self->client = g_object_ref (client);
  self->bucket = g_strdup (bucket);

  return self;
}

const char *
sl_s3_client_get_bucket (SlS3Client *self)
{
  g_return_val_if_fail (SL_IS_S3_CLIENT (self), NULL);

  return self->bucket;
}

SlAwsClient *
sl_s3_client_get_aws_client (SlS3Client *self)
{
  g_return_val_if_fail (SL_IS_S3_CLIENT (self), NULL);

  return self->client;
}

void
sl_s3_client_set_multipart (SlS3Client *self,
                            gsize       threshold,
                            gsize       part_size)
{
  g_return_if_fail (SL_IS_S3_CLIENT (self));
  g_return_if_fail (part_size >= MIN_PART_SIZE);

  self->multipart_threshold = MAX (threshold, part_size);
  self->part_size = part_size;
}

/* Virtual-hosted style on AWS, path style on custom endpoints and for
 * bucket names that cannot be a host name label. */
static void
object_location (SlS3Client  *self,
                 const char  *key,
                 char       **host_prefix,
                 char       **path)
{
  g_autofree char *endpoint = NULL;
  g_autofree char *encoded_key = sl_sigv4_uri_encode (key != NULL ? key : "", -1, TRUE);
  gboolean custom = FALSE;

  endpoint = sl_aws_client_dup_endpoint (self->client, SL_AWS_SERVICE_S3, &custom);
  if (custom || strchr (self->bucket, '.') != NULL)
    {
      g_autofree char *encoded_bucket = sl_sigv4_uri_encode (self->bucket, -1, FALSE);

      *host_prefix = NULL;
      *path = key != NULL ? g_strdup_printf ("/%s/%s", encoded_bucket, encoded_key)
                          : g_strdup_printf ("/%s", encoded_bucket);
    }
  else
    {
      *host_prefix = g_strconcat (self->bucket, ".", NULL);
      *path = g_strdup_printf ("/%s", encoded_key);
    }
}

static SlAwsResponse *
s3_send (SlS3Client    *self,
         const char    *method,
         const char    *key,
         const char    *query,
         const char   **headers,
         GBytes        *body,
         const char    *content_type,
         const char    *output_path,
         GCancellable  *cancellable,
         GError       **error)
{
  g_autofree char *host_prefix = NULL;
  g_autofree char *path = NULL;
  SlAwsRequest request = { 0 };

  object_location (self, key, &host_prefix, &path);
  request.service = SL_AWS_SERVICE_S3;
  request.method = method;
  request.host_prefix = host_prefix;
  request.path = path;
  request.query = query;
  request.headers = (const char * const *)headers;
  request.body = body;
  request.content_type = content_type;
  request.output_path = output_path;

  return sl_aws_client_send (self->client, &request, cancellable, error);
}

static char *
content_md5 (GBytes *data)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_MD5);
  guint8 digest[16];
  gsize length = sizeof digest;
  gsize size;
  const guint8 *bytes = g_bytes_get_data (data, &size);

  g_checksum_update (checksum, bytes != NULL ? bytes : (const guint8 *)"", size);
  g_checksum_get_digest (checksum, digest, &length);
  return g_base64_encode (digest, length);
}

gboolean
sl_s3_client_put_object (SlS3Client    *self,
                         const char    *key,
                         GBytes        *data,
                         const char    *content_type,
                         GCancellable  *cancellable,
                         GError       **error)
{
  g_autofree char *md5 = NULL;
  g_autoptr(SlAwsResponse) response = NULL;
  const char *headers[3];

  g_return_val_if_fail (SL_IS_S3_CLIENT (self), FALSE);
  g_return_val_if_fail (key != NULL && *key != '\0', FALSE);
  g_return_val_if_fail (data != NULL, FALSE);

  md5 = content_md5 (data);
  headers[0] = "Content-MD5";
  headers[1] = md5;
  headers[2] = NULL;

  response = s3_send (self, "PUT", key, NULL, headers, data,
                      content_type != NULL ? content_type : "application/octet-stream",
                      NULL, cancellable, error);
  return response != NULL;
}

static GError *
invalid_response (const char *sentence)
{
  return sl_aws_error_new_full (SL_AWS_ERROR_INVALID_RESPONSE, "s3", 200, NULL, NULL, NULL, sentence);
}

/* The text of direct children of every element named record (or of the
 * root when record is NULL), through GMarkup so entities are decoded. */
typedef struct
{
  const char *record;
  GPtrArray  *records;       /* GHashTable name → text */
  GHashTable *current;
  GString    *text;
  guint       depth;
  guint       record_depth;
} XmlCollect;

static void
xml_start (GMarkupParseContext  *context,
           const char           *element,
           const char          **names,
           const char          **values,
           gpointer              user_data,
           GError              **error)
{
  XmlCollect *collect = user_data;

  collect->depth++;
  g_string_truncate (collect->text, 0);
  if (collect->current == NULL &&
      ((collect->record == NULL && collect->depth == 1) ||
       (collect->record != NULL && g_str_equal (element, collect->record))))
    {
      collect->current = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      collect->record_depth = collect->depth;
    }
}

static void
xml_end (GMarkupParseContext  *context,
         const char           *element,
         gpointer              user_data,
         GError              **error)
{
  XmlCollect *collect = user_data;

  if (collect->current != NULL && collect->depth == collect->record_depth + 1)
    g_hash_table_replace (collect->current, g_strdup (element), g_strdup (collect->text->str));
  if (collect->current != NULL && collect->depth == collect->record_depth)
    {
      g_ptr_array_add (collect->records, collect->current);
      collect->current = NULL;
    }
  g_string_truncate (collect->text, 0);
  collect->depth--;
}

static void
xml_text (GMarkupParseContext  *context,
          const char           *text,
          gsize                 length,
          gpointer              user_data,
          GError              **error)
{
  XmlCollect *collect = user_data;

  g_string_append_len (collect->text, text, length);
}

static GPtrArray *
parse_xml_records (GBytes      *body,
                   const char  *record,
                   GError     **error)
{
  static const GMarkupParser parser = { xml_start, xml_end, xml_text, NULL, NULL };
  g_autoptr(GMarkupParseContext) context = NULL;
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify)g_hash_table_unref);
  g_autoptr(GString) text = g_string_new (NULL);
  XmlCollect collect = { record, records, NULL, text, 0, 0 };
  gsize length = 0;
  const char *data = body != NULL ? g_bytes_get_data (body, &length) : NULL;
  const char *start = data;
  gboolean ok;

  /* GMarkup does not take the XML declaration: skip it. */
  if (data != NULL && length > 5 && strncmp (data, "<?xml", 5) == 0)
    {
      const char *end = g_strstr_len (data, length, "?>");

      if (end != NULL)
        start = end + 2;
    }

  context = g_markup_parse_context_new (&parser, G_MARKUP_IGNORE_QUALIFIED, &collect, NULL);
  ok = data != NULL &&
       g_markup_parse_context_parse (context, start, length - (start - data), NULL) &&
       g_markup_parse_context_end_parse (context, NULL);
  g_clear_pointer (&collect.current, g_hash_table_unref);
  if (!ok)
    {
      g_propagate_error (error, invalid_response (_("Amazon S3 sent an answer that is not valid XML")));
      return NULL;
    }

  return g_steal_pointer (&records);
}

static char *
strip_quotes (const char *etag)
{
  gsize length;

  if (etag == NULL)
    return NULL;
  length = strlen (etag);
  if (length >= 2 && etag[0] == '"' && etag[length - 1] == '"')
    return g_strndup (etag + 1, length - 2);
  return g_strdup (etag);
}

char *
sl_s3_client_create_multipart_upload (SlS3Client    *self,
                                      const char    *key,
                                      const char    *content_type,
                                      GCancellable  *cancellable,
                                      GError       **error)
{
  g_autoptr(SlAwsResponse) response = NULL;
  g_autoptr(GPtrArray) records = NULL;
  const char *upload_id;

  g_return_val_if_fail (SL_IS_S3_CLIENT (self), NULL);

  response = s3_send (self, "POST", key, "uploads", NULL, NULL,
                      content_type != NULL ? content_type : "application/octet-stream",
                      NULL, cancellable, error);
  if (response == NULL)
    return NULL;
  if (!(records = parse_xml_records (response->body, NULL, error)))
    return NULL;
  upload_id = records->len > 0 ? g_hash_table_lookup (records->pdata[0], "UploadId") : NULL;
  if (upload_id == NULL || *upload_id == '\0')
    {
      g_propagate_error (error, invalid_response (_("Amazon S3 did not start the upload")));
      return NULL;
    }
  return g_strdup (upload_id);
}

static char *
part_query (const char *upload_id,
            guint       part_number)
{
  g_autofree char *encoded = sl_sigv4_uri_encode (upload_id, -1, FALSE);

  if (part_number == 0)
    return g_strdup_printf ("uploadId=%s", encoded);
  return g_strdup_printf ("partNumber=%u&uploadId=%s", part_number, encoded);
}

char *
sl_s3_client_upload_part (SlS3Client    *self,
                          const char    *key,
                          const char    *upload_id,
                          guint          part_number,
                          GBytes        *data,
                          GCancellable  *cancellable,
                          GError       **error)
{
  g_autofree char *query = part_query (upload_id, part_number);
  g_autofree char *md5 = content_md5 (data);
  g_autoptr(SlAwsResponse) response = NULL;
  const char *headers[] = { "Content-MD5", md5, NULL };
  const char *etag;

  g_return_val_if_fail (SL_IS_S3_CLIENT (self), NULL);
  g_return_val_if_fail (part_number >= 1 && part_number <= MAX_PARTS, NULL);

  response = s3_send (self, "PUT", key, query, headers, data, NULL, NULL, cancellable, error);
  if (response == NULL)
    return NULL;
  etag = soup_message_headers_get_one (response->headers, "ETag");
  if (etag == NULL)
    {
      g_propagate_error (error, invalid_response (_("Amazon S3 did not confirm a part of the upload")));
      return NULL;
    }
  return g_strdup (etag);
}

gboolean
sl_s3_client_complete_multipart_upload (SlS3Client    *self,
                                        const char    *key,
                                        const char    *upload_id,
                                        GPtrArray     *etags,
                                        GCancellable  *cancellable,
                                        GError       **error)
{
  g_autofree char *query = part_query (upload_id, 0);
  g_autoptr(GString) xml = g_string_new ("<CompleteMultipartUpload xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">");
  g_autoptr(GBytes) body = NULL;
  g_autoptr(SlAwsResponse) response = NULL;
  gsize length;
  const char *data;

  g_return_val_if_fail (SL_IS_S3_CLIENT (self), FALSE);

  for (guint i = 0; i < etags->len; i++)
    {
      g_autofree char *escaped = g_markup_escape_text (etags->pdata[i], -1);

      g_string_append_printf (xml, "<Part><PartNumber>%u</PartNumber><ETag>%s</ETag></Part>", i + 1,
                              escaped);
    }
  g_string_append (xml, "</CompleteMultipartUpload>");
  body = g_bytes_new (xml->str, xml->len);

  response = s3_send (self, "POST", key, query, NULL, body, "application/xml", NULL, cancellable,
                      error);
  if (response == NULL)
    return FALSE;

  /* S3 may answer 200 with an error document when completion fails late. */
  data = g_bytes_get_data (response->body, &length);
  if (data != NULL && g_strstr_len (data, length, "<Error>") != NULL)
    {
      g_propagate_error (error, sl_aws_error_new_full (SL_AWS_ERROR_SERVICE, "s3", 200, NULL, NULL, NULL,
                                                       _("Amazon S3 could not assemble the uploaded parts; try again later")));
      return FALSE;
    }
  return TRUE;
}

gboolean
sl_s3_client_abort_multipart_upload (SlS3Client    *self,
                                     const char    *key,
                                     const char    *upload_id,
                                     GCancellable  *cancellable,
                                     GError       **error)
{
  g_autofree char *query = part_query (upload_id, 0);
  g_autoptr(SlAwsResponse) response = NULL;

  g_return_val_if_fail (SL_IS_S3_CLIENT (self), FALSE);

  response = s3_send (self, "DELETE", key, query, NULL, NULL, NULL, NULL, cancellable, error);
  return response != NULL;
}

static gboolean
put_multipart (SlS3Client    *self,
               const char    *key,
               GInputStream  *stream,
               const char    *content_type,
               GCancellable  *cancellable,
               GError       **error)
{
  g_autofree char *upload_id = NULL;
  g_autoptr(GPtrArray) etags = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) local_error = NULL;

  if (!(upload_id = sl_s3_client_create_multipart_upload (self, key, content_type, cancellable,
                                                          error)))
    return FALSE;

  for (guint part = 1; part <= MAX_PARTS; part++)
    {
      g_autoptr(GBytes) chunk = NULL;
      char *etag;

      chunk = g_input_stream_read_bytes (stream, self->part_size, cancellable, &local_error);
      if (chunk == NULL)
        goto failed;
      if (g_bytes_get_size (chunk) == 0 && part > 1)
        break;
      /* A short read is not the end of a file stream: fill the part. */
      while (g_bytes_get_size (chunk) < self->part_size)
        {
          g_autoptr(GBytes) more = g_input_stream_read_bytes (stream,
                                                              self->part_size - g_bytes_get_size (chunk),
                                                              cancellable, &local_error);
          g_autoptr(GByteArray) joined = NULL;

          if (more == NULL)
            goto failed;
          if (g_bytes_get_size (more) == 0)
            break;
          joined = g_bytes_unref_to_array (g_steal_pointer (&chunk));
          g_byte_array_append (joined, g_bytes_get_data (more, NULL), g_bytes_get_size (more));
          chunk = g_byte_array_free_to_bytes (g_steal_pointer (&joined));
        }

      etag = sl_s3_client_upload_part (self, key, upload_id, part, chunk, cancellable,
                                       &local_error);
      if (etag == NULL)
        goto failed;
      g_ptr_array_add (etags, etag);
      if (g_bytes_get_size (chunk) < self->part_size)
        break;
    }

  if (!sl_s3_client_complete_multipart_upload (self, key, upload_id, etags, cancellable,
                                               &local_error))
    goto failed;
  return TRUE;

failed:
  /* Abort so the parts do not linger and cost storage. */
  sl_s3_client_abort_multipart_upload (self, key, upload_id, NULL, NULL);
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

gboolean
sl_s3_client_put_file (SlS3Client    *self,
                       const char    *key,
                       const char    *path,
                       const char    *content_type,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GError) local_error = NULL;
  goffset size;

  g_return_val_if_fail (SL_IS_S3_CLIENT (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  file = g_file_new_for_path (path);
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE,
                            cancellable, &local_error);
  if (info == NULL ||
      !(stream = g_file_read (file, cancellable, &local_error)))
    {
      g_set_error (error, SL_AWS_ERROR, SL_AWS_ERROR_FAILED,
                   _("Could not read “%s” to upload it: %s"), path, local_error->message);
      return FALSE;
    }
  size = g_file_info_get_size (info);

  if ((gsize)size > self->multipart_threshold)
    return put_multipart (self, key, G_INPUT_STREAM (stream), content_type, cancellable, error);
  else
    {
      g_autoptr(GBytes) data = NULL;

      g_clear_object (&stream);
      if (!(data = g_file_load_bytes (file, cancellable, NULL, &local_error)))
        {
          g_set_error (error, SL_AWS_ERROR, SL_AWS_ERROR_FAILED,
                       _("Could not read “%s” to upload it: %s"), path, local_error->message);
          return FALSE;
        }
      return sl_s3_client_put_object (self, key, data, content_type, cancellable, error);
    }
}

gboolean
sl_s3_client_get_object (SlS3Client    *self,
                         const char    *key,
                         const char    *path,
                         GCancellable  *cancellable,
                         GError       **error)
{
  g_autofree char *partial = NULL;
  g_autoptr(SlAwsResponse) response = NULL;
  g_autofree char *host_prefix = NULL;
  g_autofree char *object_path = NULL;
  SlAwsRequest request = { 0 };

  g_return_val_if_fail (SL_IS_S3_CLIENT (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  partial = g_strconcat (path, ".part", NULL);
  object_location (self, key, &host_prefix, &object_path);
  request.service = SL_AWS_SERVICE_S3;
  request.method = "GET";
  request.host_prefix = host_prefix;
  request.path = object_path;
  request.output_path = partial;
  request.max_response_size = G_MAXSIZE;

  if (!(response = sl_aws_client_send (self->client, &request, cancellable, error)))
    return FALSE;

  if (g_rename (partial, path) != 0)
    {
      int saved = errno;

      g_set_error (error, SL_AWS_ERROR, SL_AWS_ERROR_FAILED,
                   _("Could not save the download as “%s”: %s"), path, g_strerror (saved));
      g_unlink (partial);
      return FALSE;
    }
  return TRUE;
}

SlS3ObjectInfo *
sl_s3_client_head_object (SlS3Client    *self,
                          const char    *key,
                          GCancellable  *cancellable,
                          GError       **error)
{
  g_autoptr(SlAwsResponse) response = NULL;
  SlS3ObjectInfo *info;

  g_return_val_if_fail (SL_IS_S3_CLIENT (self), NULL);

  response = s3_send (self, "HEAD", key, NULL, NULL, NULL, NULL, NULL, cancellable, error);
  if (response == NULL)
    return NULL;

  info = g_new0 (SlS3ObjectInfo, 1);
  info->key = g_strdup (key);
  info->size = soup_message_headers_get_content_length (response->headers);
  info->etag = strip_quotes (soup_message_headers_get_one (response->headers, "ETag"));
  info->content_type = g_strdup (soup_message_headers_get_content_type (response->headers, NULL));
  info->last_modified = g_strdup (soup_message_headers_get_one (response->headers,
                                                                "Last-Modified"));

  return info;
}

gboolean
sl_s3_client_delete_object (SlS3Client    *self,
                            const char    *key,
                            GCancellable  *cancellable,
                            GError       **error)
{
  g_autoptr(SlAwsResponse) response = NULL;

  g_return_val_if_fail (SL_IS_S3_CLIENT (self), FALSE);

  response = s3_send (self, "DELETE", key, NULL, NULL, NULL, NULL, NULL, cancellable, error);
  return response != NULL;
}

GPtrArray *
sl_s3_client_list_objects (SlS3Client    *self,
                           const char    *prefix,
                           guint          max_keys,
                           const char    *continuation_token,
                           char         **next_token,
                           GCancellable  *cancellable,
                           GError       **error)
{
  g_autoptr(GString) query = g_string_new ("list-type=2");
  g_autoptr(SlAwsResponse) response = NULL;
  g_autoptr(GPtrArray) contents = NULL;
  g_autoptr(GPtrArray) roots = NULL;
  g_autoptr(GPtrArray) objects = NULL;
  const char *truncated;
  const char *token;

  g_return_val_if_fail (SL_IS_S3_CLIENT (self), NULL);

  if (continuation_token != NULL)
    {
      g_autofree char *encoded = sl_sigv4_uri_encode (continuation_token, -1, FALSE);

      g_string_append_printf (query, "&continuation-token=%s", encoded);
    }
  if (max_keys > 0)
    g_string_append_printf (query, "&max-keys=%u", max_keys);
  if (prefix != NULL && *prefix != '\0')
    {
      g_autofree char *encoded = sl_sigv4_uri_encode (prefix, -1, FALSE);

      g_string_append_printf (query, "&prefix=%s", encoded);
    }

  response = s3_send (self, "GET", NULL, query->str, NULL, NULL, NULL, NULL, cancellable, error);
  if (response == NULL)
    return NULL;
  if (!(contents = parse_xml_records (response->body, "Contents", error)) ||
      !(roots = parse_xml_records (response->body, NULL, error)))
    return NULL;

  objects = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_s3_object_info_free);
  for (guint i = 0; i < contents->len; i++)
    {
      GHashTable *record = contents->pdata[i];
      SlS3ObjectInfo *info = g_new0 (SlS3ObjectInfo, 1);
      const char *size = g_hash_table_lookup (record, "Size");

      info->key = g_strdup (g_hash_table_lookup (record, "Key"));
      info->size = size != NULL ? g_ascii_strtoll (size, NULL, 10) : -1;
      info->etag = strip_quotes (g_hash_table_lookup (record, "ETag"));
      info->last_modified = g_strdup (g_hash_table_lookup (record, "LastModified"));
      if (info->key == NULL)
        {
          sl_s3_object_info_free (info);
          g_propagate_error (error, invalid_response (_("Amazon S3 listed an object without a name")));
          return NULL;
        }
      g_ptr_array_add (objects, info);
    }

  truncated = roots->len > 0 ? g_hash_table_lookup (roots->pdata[0], "IsTruncated") : NULL;
  token = roots->len > 0 ? g_hash_table_lookup (roots->pdata[0], "NextContinuationToken") : NULL;
  if (next_token != NULL)
    *next_token = g_strcmp0 (truncated, "true") == 0 && token != NULL && *token != '\0'
                  ? g_strdup (token) : NULL;

  return g_steal_pointer (&objects);
}

gboolean
sl_s3_client_delete_prefix (SlS3Client    *self,
                            const char    *prefix,
                            guint         *n_deleted,
                            GCancellable  *cancellable,
                            GError       **error)
{
  g_autofree char *token = NULL;
  guint deleted = 0;

  g_return_val_if_fail (SL_IS_S3_CLIENT (self), FALSE);
  g_return_val_if_fail (prefix != NULL && *prefix != '\0', FALSE);

  do
    {
      g_autoptr(GPtrArray) objects = NULL;
      char *next = NULL;

      objects = sl_s3_client_list_objects (self, prefix, 1000, token, &next, cancellable, error);
      if (objects == NULL)
        return FALSE;
      g_free (token);
      token = next;
      for (guint i = 0; i < objects->len; i++)
        {
          SlS3ObjectInfo *info = objects->pdata[i];

          if (!sl_s3_client_delete_object (self, info->key, cancellable, error))
            return FALSE;
          deleted++;
        }
    }
  while (token != NULL);

  if (n_deleted != NULL)
    *n_deleted = deleted;
  return TRUE;
}

char *
sl_s3_client_presign_get (SlS3Client  *self,
                          const char  *key,
                          guint        expires_in,
                          GError     **error)
{
  g_autofree char *host_prefix = NULL;
  g_autofree char *path = NULL;
  SlAwsRequest request = { 0 };

  g_return_val_if_fail (SL_IS_S3_CLIENT (self), NULL);

  object_location (self, key, &host_prefix, &path);
  request.service = SL_AWS_SERVICE_S3;
  request.method = "GET";
  request.host_prefix = host_prefix;
  request.path = path;

  return sl_aws_client_presign (self->client, &request, expires_in, error);
}

typedef struct
{
  char *key;
  char *path;
  char *content_type;
} TransferData;

static void
transfer_data_free (gpointer data)
{
  TransferData *transfer = data;

  g_free (transfer->key);
  g_free (transfer->path);
  g_free (transfer->content_type);
  g_free (transfer);
}

static void
put_file_worker (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  TransferData *data = task_data;
  g_autoptr(GError) error = NULL;

  if (!sl_s3_client_put_file (source_object, data->key, data->path, data->content_type, cancellable,
                              &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
get_object_worker (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  TransferData *data = task_data;
  g_autoptr(GError) error = NULL;

  if (!sl_s3_client_get_object (source_object, data->key, data->path, cancellable, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
run_transfer (SlS3Client          *self,
              gpointer             source_tag,
              GTaskThreadFunc      worker,
              const char          *key,
              const char          *path,
              const char          *content_type,
              GCancellable        *cancellable,
              GAsyncReadyCallback  callback,
              gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  TransferData *data = g_new0 (TransferData, 1);

  data->key = g_strdup (key);
  data->path = g_strdup (path);
  data->content_type = g_strdup (content_type);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, data, transfer_data_free);
  g_task_run_in_thread (task, worker);
}

void
sl_s3_client_put_file_async (SlS3Client          *self,
                             const char          *key,
                             const char          *path,
                             const char          *content_type,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (SL_IS_S3_CLIENT (self));

  run_transfer (self, sl_s3_client_put_file_async, put_file_worker, key, path, content_type,
                cancellable, callback, user_data);
}

gboolean
sl_s3_client_put_file_finish (SlS3Client    *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
sl_s3_client_get_object_async (SlS3Client          *self,
                               const char          *key,
                               const char          *path,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (SL_IS_S3_CLIENT (self));

  run_transfer (self, sl_s3_client_get_object_async, get_object_worker, key, path, NULL,
                cancellable, callback, user_data);
}

gboolean
sl_s3_client_get_object_finish (SlS3Client    *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
