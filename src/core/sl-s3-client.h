#pragma once

#include "sl-aws-client.h"

G_BEGIN_DECLS

typedef struct
{
  char   *key;
  gint64  size;
  char   *etag;
  char   *content_type;     /* HEAD and GET only */
  char   *last_modified;    /* as the server wrote it */
} SlS3ObjectInfo;

void sl_s3_object_info_free (SlS3ObjectInfo *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlS3ObjectInfo, sl_s3_object_info_free)

#define SL_TYPE_S3_CLIENT (sl_s3_client_get_type ())

G_DECLARE_FINAL_TYPE (SlS3Client, sl_s3_client, SL, S3_CLIENT, GObject)

/* Every call is synchronous and thread-safe: run it from a worker. */
SlS3Client     *sl_s3_client_new                      (SlAwsClient   *client,
                                                       const char    *bucket) G_GNUC_WARN_UNUSED_RESULT;
const char     *sl_s3_client_get_bucket               (SlS3Client    *self);
SlAwsClient    *sl_s3_client_get_aws_client           (SlS3Client    *self);
/* Files above threshold go up in parts of part_size (S3: at least 5 MiB). */
void            sl_s3_client_set_multipart            (SlS3Client    *self,
                                                       gsize          threshold,
                                                       gsize          part_size);
/* PutObject with Content-MD5, so S3 refuses a body damaged on the way. */
gboolean        sl_s3_client_put_object               (SlS3Client    *self,
                                                       const char    *key,
                                                       GBytes        *data,
                                                       const char    *content_type,
                                                       GCancellable  *cancellable,
                                                       GError       **error);
/* Uploads a file, in parts when it is large. */
gboolean        sl_s3_client_put_file                 (SlS3Client    *self,
                                                       const char    *key,
                                                       const char    *path,
                                                       const char    *content_type,
                                                       GCancellable  *cancellable,
                                                       GError       **error);
void            sl_s3_client_put_file_async           (SlS3Client    *self,
                                                       const char    *key,
                                                       const char    *path,
                                                       const char    *content_type,
                                                       GCancellable  *cancellable,
                                                       GAsyncReadyCallback callback,
                                                       gpointer       user_data);
gboolean        sl_s3_client_put_file_finish          (SlS3Client    *self,
                                                       GAsyncResult  *result,
                                                       GError       **error);
/* GetObject streamed into path (replaced only once the download is whole). */
gboolean        sl_s3_client_get_object               (SlS3Client    *self,
                                                       const char    *key,
                                                       const char    *path,
                                                       GCancellable  *cancellable,
                                                       GError       **error);
void            sl_s3_client_get_object_async         (SlS3Client    *self,
                                                       const char    *key,
                                                       const char    *path,
                                                       GCancellable  *cancellable,
                                                       GAsyncReadyCallback callback,
                                                       gpointer       user_data);
gboolean        sl_s3_client_get_object_finish        (SlS3Client    *self,
                                                       GAsyncResult  *result,
                                                       GError       **error);
SlS3ObjectInfo *sl_s3_client_head_object              (SlS3Client    *self,
                                                       const char    *key,
                                                       GCancellable  *cancellable,
                                                       GError       **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean        sl_s3_client_delete_object            (SlS3Client    *self,
                                                       const char    *key,
                                                       GCancellable  *cancellable,
                                                       GError       **error);
/* ListObjectsV2: one page of SlS3ObjectInfo; *next_token is NULL on the last. */
GPtrArray      *sl_s3_client_list_objects             (SlS3Client    *self,
                                                       const char    *prefix,
                                                       guint          max_keys,
                                                       const char    *continuation_token,
                                                       char         **next_token,
                                                       GCancellable  *cancellable,
                                                       GError       **error) G_GNUC_WARN_UNUSED_RESULT;
/* Deletes every object under prefix; returns how many. */
gboolean        sl_s3_client_delete_prefix            (SlS3Client    *self,
                                                       const char    *prefix,
                                                       guint         *n_deleted,
                                                       GCancellable  *cancellable,
                                                       GError       **error);
char           *sl_s3_client_create_multipart_upload  (SlS3Client    *self,
                                                       const char    *key,
                                                       const char    *content_type,
                                                       GCancellable  *cancellable,
                                                       GError       **error) G_GNUC_WARN_UNUSED_RESULT;
/* Returns the part's ETag. */
char           *sl_s3_client_upload_part              (SlS3Client    *self,
                                                       const char    *key,
                                                       const char    *upload_id,
                                                       guint          part_number,
                                                       GBytes        *data,
                                                       GCancellable  *cancellable,
                                                       GError       **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean        sl_s3_client_complete_multipart_upload (SlS3Client   *self,
                                                       const char    *key,
                                                       const char    *upload_id,
                                                       GPtrArray     *etags,
                                                       GCancellable  *cancellable,
                                                       GError       **error);
gboolean        sl_s3_client_abort_multipart_upload   (SlS3Client    *self,
                                                       const char    *key,
                                                       const char    *upload_id,
                                                       GCancellable  *cancellable,
                                                       GError       **error);
/* A presigned GET URL anyone can fetch for expires_in seconds. */
char           *sl_s3_client_presign_get              (SlS3Client    *self,
                                                       const char    *key,
                                                       guint          expires_in,
                                                       GError       **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
