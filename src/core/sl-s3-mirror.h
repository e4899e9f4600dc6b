#pragma once

#include "sl-s3-client.h"
#include "sl-store.h"

G_BEGIN_DECLS

typedef enum
{
  SL_S3_MIRROR_RESUMES,
  SL_S3_MIRROR_RECORDINGS,
  SL_S3_MIRROR_REPORTS,
} SlS3MirrorArea;

#define SL_TYPE_S3_MIRROR (sl_s3_mirror_get_type ())

G_DECLARE_FINAL_TYPE (SlS3Mirror, sl_s3_mirror, SL, S3_MIRROR, GObject)

/* Queueing needs only the store, so it works offline and with the cloud
 * switched off for now; the work waits in the outbox. Keys are
 * AREA/OWNER/NAME under the bucket's prefix. */
gboolean    sl_s3_mirror_queue_upload  (SlStore         *store,
                                        SlS3MirrorArea   area,
                                        const char      *owner,
                                        const char      *local_path,
                                        const char      *name,
                                        const char      *content_type,
                                        GError         **error);
/* Deletes everything of an owner in an area (erasing a candidate). */
gboolean    sl_s3_mirror_queue_erase   (SlStore         *store,
                                        SlS3MirrorArea   area,
                                        const char      *owner,
                                        GError         **error);
const char *sl_s3_mirror_area_to_string (SlS3MirrorArea  area);
/* Queues the upload only when mirroring is switched on in the Cloud
 * settings; *queued says whether it was. */
gboolean    sl_s3_mirror_queue_upload_if_enabled (SlStore         *store,
                                                  SlS3MirrorArea   area,
                                                  const char      *owner,
                                                  const char      *local_path,
                                                  const char      *name,
                                                  const char      *content_type,
                                                  gboolean        *queued,
                                                  GError         **error);

SlS3Mirror *sl_s3_mirror_new           (SlStore         *store,
                                        SlS3Client      *client,
                                        const char      *prefix) G_GNUC_WARN_UNUSED_RESULT;
/* A mirror for the bucket and prefix of the Cloud settings, or NULL with
 * SL_AWS_ERROR_CONFIG when mirroring is off or has no bucket. */
SlS3Mirror *sl_s3_mirror_new_from_settings (SlStore       *store,
                                            GError       **error) G_GNUC_WARN_UNUSED_RESULT;
/* Does the S3 items due at now (Unix seconds; 0 means the current time).
 * Failures are rescheduled with backoff, never dropped. FALSE only when the
 * store itself fails. */
gboolean    sl_s3_mirror_drain         (SlS3Mirror      *self,
                                        gint64           now,
                                        guint           *n_done,
                                        guint           *n_failed,
                                        GCancellable    *cancellable,
                                        GError         **error);
void        sl_s3_mirror_drain_async   (SlS3Mirror      *self,
                                        GCancellable    *cancellable,
                                        GAsyncReadyCallback callback,
                                        gpointer         user_data);
gboolean    sl_s3_mirror_drain_finish  (SlS3Mirror      *self,
                                        GAsyncResult    *result,
                                        GError         **error);

/* Queue a file for S3 when mirroring is switched on (a no-op otherwise);
 * failures are logged, never fatal to the work that made the file. */
void        sl_s3_mirror_queue_recording (SlStore    *store,
                                          gint64      session_id,
                                          const char *path);
/* A report (PDF or CSV) about a job ("job-ID") or a session ("session-ID"). */
void        sl_s3_mirror_queue_report    (SlStore    *store,
                                          const char *owner,
                                          const char *path);

G_END_DECLS
