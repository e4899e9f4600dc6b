#pragma once

#include <gio/gio.h>
#include <gst/gst.h>

G_BEGIN_DECLS

#define SL_CAPTURE_ERROR (sl_capture_error_quark ())

typedef enum
{
  SL_CAPTURE_ERROR_FAILED,
  SL_CAPTURE_ERROR_NO_CAMERA,       /* no camera or no permission: practise audio only */
  SL_CAPTURE_ERROR_NO_MICROPHONE,   /* no microphone: cannot practise */
  SL_CAPTURE_ERROR_DEVICE_LOST,     /* unplugged while recording; the file keeps what was recorded */
  SL_CAPTURE_ERROR_BUSY,            /* already running */
} SlCaptureError;

GQuark sl_capture_error_quark (void);

typedef enum
{
  SL_CAPTURE_STATE_IDLE,
  SL_CAPTURE_STATE_RUNNING,         /* previewing, and recording when started with a file */
  SL_CAPTURE_STATE_STOPPING,        /* waiting for the file to be finished */
} SlCaptureState;

/* A device the user can pick: id is stable for the session. device is
 * the GstDevice it was found as (owned), or NULL when only the id is known. */
typedef struct
{
  char      *id;
  char      *name;
  GstDevice *device;
} SlCaptureDevice;

/* NULL when no source element can be made for device. */
SlCaptureDevice *sl_capture_device_new_for_gst (GstDevice       *device) G_GNUC_WARN_UNUSED_RESULT;
void             sl_capture_device_free        (SlCaptureDevice *device);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlCaptureDevice, sl_capture_device_free)

/* Pure updates of a device list (SlCaptureDevice, owned), for hot-plug.
 * add takes device: it replaces the one with the same id in place, or is
 * appended. remove drops the device with that id; FALSE if there is none. */
void             sl_capture_devices_add        (GPtrArray       *devices,
                                                SlCaptureDevice *device);
gboolean         sl_capture_devices_remove     (GPtrArray       *devices,
                                                const char      *id);
/* The row for a choice in a list that starts with n_fixed fixed rows
 * ("Default", then "No camera" when n_fixed > 1) followed by devices:
 * the chosen device's row while it is present, else the default's (0). */
guint            sl_capture_choice_position    (GPtrArray       *devices,
                                                const char      *chosen,
                                                guint            n_fixed);

#define SL_TYPE_CAPTURE (sl_capture_get_type ())

G_DECLARE_FINAL_TYPE (SlCapture, sl_capture, SL, CAPTURE, GObject)

/*
 * Camera and microphone capture: a live preview, an audio level, one
 * frame a second for later face analysis, and a WebM (VP8 + Opus)
 * recording. All signals are emitted on the main context the object was
 * created in:
 *
 *   preview-frame (GBytes *rgba, int width, int height, int stride)
 *       up to 15 a second, at the preview size (below); the UI wraps the
 *       bytes in a GdkMemoryTexture (GDK_MEMORY_R8G8B8A8). Frames the UI
 *       is too slow for are dropped. The recording is 640×480 at 30.
 *   sampled-frame (GBytes *rgba, int width, int height, int stride, double time_s)
 *       one a second while running.
 *   level (double rms_db, double peak_db)   ten a second, dBFS.
 *   device-lost (GError *error)             recording ended early; stop finishes the file.
 */
SlCapture      *sl_capture_new                (void) G_GNUC_WARN_UNUSED_RESULT;
/* GStreamer test sources instead of devices (headless use and tests). */
void            sl_capture_set_use_test_sources (SlCapture       *self,
                                               gboolean         use_test_sources);
/* NULL for the default device. */
void            sl_capture_set_video_device   (SlCapture       *self,
                                               const char      *device_id);
void            sl_capture_set_audio_device   (SlCapture       *self,
                                               const char      *device_id);
/* What the user chose, as stored in the settings: "" for the default
 * device, "none" (camera only) for sound only, or a device id. */
#define SL_CAPTURE_NO_CAMERA "none"
void            sl_capture_set_choices        (SlCapture       *self,
                                               const char      *camera,
                                               const char      *microphone);
/* FALSE: audio only, even when a camera exists. */
void            sl_capture_set_video_enabled  (SlCapture       *self,
                                               gboolean         enabled);
/* The preview frames' size: the largest with the recording's aspect
 * ratio that fits max_width × max_height (device pixels), never larger
 * than the recording; 480×360 until set. Takes effect at once while
 * running. */
void            sl_capture_set_preview_size   (SlCapture       *self,
                                               int              max_width,
                                               int              max_height);
void            sl_capture_get_preview_size   (SlCapture       *self,
                                               int             *width,
                                               int             *height);
/* For tests: the video source fails after n buffers, as an unplugged camera. */
void            sl_capture_set_fail_video_after (SlCapture     *self,
                                                 guint          n_buffers);

/* Blocking device enumeration (a fraction of a second). */
GPtrArray      *sl_capture_list_video_devices (void) G_GNUC_WARN_UNUSED_RESULT;
GPtrArray      *sl_capture_list_audio_devices (void) G_GNUC_WARN_UNUSED_RESULT;

/* The device in devices (SlCaptureDevice) that choice names: its id,
 * its display name (any case), or a part of exactly one display name.
 * NULL when none or several match. */
const SlCaptureDevice *sl_capture_find_device (GPtrArray   *devices,
                                               const char  *choice);

/* Starts the preview, and records to path when it is not NULL. A missing
 * camera is not an error: the capture runs audio only and
 * sl_capture_get_video_error() says why. A missing microphone is. */
gboolean        sl_capture_start              (SlCapture       *self,
                                               const char      *path,
                                               GError         **error);
/* Ends the recording with an end-of-stream so the file is complete, then
 * stops. Finishes TRUE once the file is written. */
void            sl_capture_stop_async         (SlCapture           *self,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean        sl_capture_stop_finish        (SlCapture           *self,
                                               GAsyncResult        *result,
                                               GError             **error);

SlCaptureState  sl_capture_get_state          (SlCapture       *self);
gboolean        sl_capture_get_has_video      (SlCapture       *self);
/* Why there is no video, or NULL. */
const GError   *sl_capture_get_video_error    (SlCapture       *self);
/* Seconds of media captured so far. */
double          sl_capture_get_elapsed        (SlCapture       *self);
const char     *sl_capture_get_path           (SlCapture       *self);

G_END_DECLS
