#define G_LOG_DOMAIN "sl-capture"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gst/app/gstappsink.h>
#include <gst/gst.h>
#include <gst/video/video.h>
#include <string.h>

#include "sl-capture.h"

/* What is recorded. */
#define VIDEO_WIDTH     640
#define VIDEO_HEIGHT    480
/* What is shown: the preview is scaled in the pipeline to the size the UI
 * draws it at (sl_capture_set_preview_size()), never above the recorded
 * size, and at most 15 frames a second. Uploading and drawing full-size
 * frames at 30 a second costs the UI far more than the capture itself. */
#define PREVIEW_DEFAULT_WIDTH  480
#define PREVIEW_DEFAULT_HEIGHT 360
#define PREVIEW_MIN_WIDTH      32
#define PREVIEW_FPS     15
#define SAMPLE_WIDTH    320
#define SAMPLE_HEIGHT   240
/* A busy machine can take a while to drain the encoders. */
#define STOP_TIMEOUT_S  30

struct _SlCapture
{
  GObject         parent_instance;

  GMainContext   *context;
  GstElement     *pipeline;
  guint           bus_watch;
  GTask          *stop_task;
  guint           stop_timeout;
  char           *path;
  char           *video_device;
  char           *audio_device;
  GError         *video_error;
  SlCaptureState  state;
  guint           fail_video_after;
  int             preview_width;
  int             preview_height;

  /* Latest frame waiting for the main context; the streaming thread
   * replaces it rather than queueing, so a slow UI drops frames. */
  GMutex          frame_mutex;
  GBytes         *pending_frame;
  int             pending_width;
  int             pending_height;
  int             pending_stride;
  gboolean        frame_dispatch_queued;

  guint           use_test_sources : 1;
  guint           video_enabled : 1;
  guint           has_video : 1;
  guint           device_lost : 1;
  guint           audio_flowing : 1;
};

G_DEFINE_FINAL_TYPE (SlCapture, sl_capture, G_TYPE_OBJECT)

G_DEFINE_QUARK (sl-capture-error-quark, sl_capture_error)

enum {
  SIGNAL_PREVIEW_FRAME,
  SIGNAL_SAMPLED_FRAME,
  SIGNAL_LEVEL,
  SIGNAL_DEVICE_LOST,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

void
sl_capture_device_free (SlCaptureDevice *device)
{
  if (device == NULL)
    return;
  g_free (device->id);
  g_free (device->name);
  g_clear_object (&device->device);
  g_free (device);
}

void
sl_capture_devices_add (GPtrArray       *devices,
                        SlCaptureDevice *device)
{
  g_return_if_fail (devices != NULL);
  g_return_if_fail (device != NULL && device->id != NULL);

  for (guint i = 0; i < devices->len; i++)
    {
      SlCaptureDevice *existing = devices->pdata[i];

      if (g_strcmp0 (existing->id, device->id) == 0)
        {
          /* The same device seen again (a provider restarted): keep its place. */
          sl_capture_device_free (existing);
          devices->pdata[i] = device;
          return;
        }
    }
  g_ptr_array_add (devices, device);
}

gboolean
sl_capture_devices_remove (GPtrArray  *devices,
                           const char *id)
{
  g_return_val_if_fail (devices != NULL, FALSE);

  for (guint i = 0; id != NULL && i < devices->len; i++)
    if (g_strcmp0 (((SlCaptureDevice *)devices->pdata[i])->id, id) == 0)
      {
        g_ptr_array_remove_index (devices, i);
        return TRUE;
      }
  return FALSE;
}

guint
sl_capture_choice_position (GPtrArray  *devices,
                            const char *chosen,
                            guint       n_fixed)
{
  if (chosen == NULL || chosen[0] == '\0')
    return 0;
  if (n_fixed > 1 && g_strcmp0 (chosen, SL_CAPTURE_NO_CAMERA) == 0)
    return 1;
  for (guint i = 0; devices != NULL && i < devices->len; i++)
    if (g_strcmp0 (((SlCaptureDevice *)devices->pdata[i])->id, chosen) == 0)
      return n_fixed + i;
  return 0;
}

/* ---- Devices ----------------------------------------------------------- */

/* A device id is "factory property value", enough to rebuild the source
 * from a pipeline description. */
static char *
device_id (GstDevice *device)
{
  g_autoptr(GstElement) element = gst_device_create_element (device, NULL);
  GstElementFactory *factory;
  const char *name;
  const char *property = NULL;
  g_autofree char *value = NULL;

  if (element == NULL || (factory = gst_element_get_factory (element)) == NULL)
    return NULL;
  name = gst_plugin_feature_get_name (GST_PLUGIN_FEATURE (factory));
  if (g_object_class_find_property (G_OBJECT_GET_CLASS (element), "device") != NULL)
    property = "device";
  else if (g_object_class_find_property (G_OBJECT_GET_CLASS (element), "target-object") != NULL)
    property = "target-object";
  else if (g_object_class_find_property (G_OBJECT_GET_CLASS (element), "path") != NULL)
    property = "path";
  if (property == NULL)
    return g_strdup (name);
  g_object_get (element, property, &value, NULL);
  if (value == NULL)
    return g_strdup (name);
  return g_strdup_printf ("%s %s %s", name, property, value);
}

SlCaptureDevice *
sl_capture_device_new_for_gst (GstDevice *device)
{
  g_autofree char *id = NULL;
  SlCaptureDevice *self;

  g_return_val_if_fail (GST_IS_DEVICE (device), NULL);

  if ((id = device_id (device)) == NULL)
    return NULL;
  self = g_new0 (SlCaptureDevice, 1);
  self->id = g_steal_pointer (&id);
  self->name = gst_device_get_display_name (device);
  self->device = g_object_ref (device);
  return self;
}

static GPtrArray *
list_devices (const char *klass)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_capture_device_free);
  g_autoptr(GstDeviceMonitor) monitor = NULL;
  GList *devices;

  if (!gst_init_check (NULL, NULL, NULL))
    return out;
  monitor = gst_device_monitor_new ();
  gst_device_monitor_add_filter (monitor, klass, NULL);
  if (!gst_device_monitor_start (monitor))
    return out;
  devices = gst_device_monitor_get_devices (monitor);
  for (GList *l = devices; l != NULL; l = l->next)
    {
      SlCaptureDevice *device = sl_capture_device_new_for_gst (l->data);

      if (device != NULL)
        g_ptr_array_add (out, device);
    }
  g_list_free_full (devices, gst_object_unref);
  gst_device_monitor_stop (monitor);
  return out;
}

GPtrArray *
sl_capture_list_video_devices (void)
{
  return list_devices ("Video/Source");
}

GPtrArray *
sl_capture_list_audio_devices (void)
{
  return list_devices ("Audio/Source");
}

const SlCaptureDevice *
sl_capture_find_device (GPtrArray  *devices,
                        const char *choice)
{
  g_autofree char *wanted = NULL;
  const SlCaptureDevice *partial = NULL;
  guint n_partial = 0;

  g_return_val_if_fail (devices != NULL, NULL);

  if (choice == NULL || choice[0] == '\0')
    return NULL;
  wanted = g_utf8_casefold (choice, -1);
  for (guint i = 0; i < devices->len; i++)
    {
      const SlCaptureDevice *device = devices->pdata[i];
      g_autofree char *name = NULL;

      if (g_strcmp0 (device->id, choice) == 0)
        return device;
      if (device->name == NULL)
        continue;
      name = g_utf8_casefold (device->name, -1);
      if (strcmp (name, wanted) == 0)
        return device;
      if (strstr (name, wanted) != NULL)
        {
          partial = device;
          n_partial++;
        }
    }
  return n_partial == 1 ? partial : NULL;
}

/* "factory property value" → "factory property=\"value\"". */
static char *
source_description (const char *id)
{
  g_auto(GStrv) parts = g_strsplit (id, " ", 3);

  if (g_strv_length (parts) == 3)
    {
      g_autofree char *escaped = g_strescape (parts[2], NULL);

      return g_strdup_printf ("%s %s=\"%s\"", parts[0], parts[1], escaped);
    }
  return g_strdup (parts[0]);
}

/* Always queues: g_main_context_invoke() would run the function right
 * here when no thread owns the context, which is not the main thread. */
static void
invoke_on (GMainContext   *context,
           GSourceFunc     func,
           gpointer        data,
           GDestroyNotify  notify)
{
  GSource *source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, func, data, notify);
  g_source_attach (source, context);
  g_source_unref (source);
}

/* ---- Frames ------------------------------------------------------------ */

typedef struct
{
  GWeakRef  self;
  GBytes   *bytes;
  int       width;
  int       height;
  int       stride;
  double    time_s;
} FrameEvent;

static void
frame_event_free (FrameEvent *event)
{
  g_weak_ref_clear (&event->self);
  g_clear_pointer (&event->bytes, g_bytes_unref);
  g_free (event);
}

static GBytes *
copy_sample (GstSample *sample,
             int       *width,
             int       *height,
             int       *stride)
{
  GstBuffer *buffer = gst_sample_get_buffer (sample);
  GstCaps *caps = gst_sample_get_caps (sample);
  GstVideoInfo info;
  GstVideoFrame frame;
  GBytes *bytes;
  guint8 *copy;
  gsize row;

  if (buffer == NULL || caps == NULL || !gst_video_info_from_caps (&info, caps))
    return NULL;
  if (!gst_video_frame_map (&frame, &info, buffer, GST_MAP_READ))
    return NULL;
  *width = GST_VIDEO_FRAME_WIDTH (&frame);
  *height = GST_VIDEO_FRAME_HEIGHT (&frame);
  row = (gsize)*width * 4;
  *stride = (int)row;
  copy = g_malloc (row * *height);
  for (int y = 0; y < *height; y++)
    memcpy (copy + y * row,
            (guint8 *)GST_VIDEO_FRAME_PLANE_DATA (&frame, 0) + y * GST_VIDEO_FRAME_PLANE_STRIDE (&frame, 0),
            row);
  gst_video_frame_unmap (&frame);
  bytes = g_bytes_new_take (copy, row * *height);
  return bytes;
}

static gboolean
dispatch_preview_cb (gpointer user_data)
{
  g_autoptr(SlCapture) self = g_weak_ref_get (user_data);
  g_autoptr(GBytes) bytes = NULL;
  int width, height, stride;

  if (self == NULL)
    return G_SOURCE_REMOVE;
  g_mutex_lock (&self->frame_mutex);
  bytes = g_steal_pointer (&self->pending_frame);
  width = self->pending_width;
  height = self->pending_height;
  stride = self->pending_stride;
  self->frame_dispatch_queued = FALSE;
  g_mutex_unlock (&self->frame_mutex);

  if (bytes != NULL && self->state != SL_CAPTURE_STATE_IDLE)
    g_signal_emit (self, signals[SIGNAL_PREVIEW_FRAME], 0, bytes, width, height, stride);
  return G_SOURCE_REMOVE;
}

static void
free_weak_ref (gpointer data)
{
  g_weak_ref_clear (data);
  g_free (data);
}

/* Streaming thread: copy the frame out and hand it to the main context. */
static GstFlowReturn
preview_sample_cb (GstAppSink *sink,
                   gpointer    user_data)
{
  SlCapture *self = user_data;
  g_autoptr(GstSample) sample = gst_app_sink_pull_sample (sink);
  GBytes *bytes;
  int width, height, stride;
  gboolean queue;

  if (sample == NULL || (bytes = copy_sample (sample, &width, &height, &stride)) == NULL)
    return GST_FLOW_OK;

  g_mutex_lock (&self->frame_mutex);
  g_clear_pointer (&self->pending_frame, g_bytes_unref);
  self->pending_frame = bytes;
  self->pending_width = width;
  self->pending_height = height;
  self->pending_stride = stride;
  queue = !self->frame_dispatch_queued;
  self->frame_dispatch_queued = TRUE;
  g_mutex_unlock (&self->frame_mutex);

  if (queue)
    {
      GWeakRef *ref = g_new0 (GWeakRef, 1);

      g_weak_ref_init (ref, self);
      invoke_on (self->context, dispatch_preview_cb, ref, free_weak_ref);
    }
  return GST_FLOW_OK;
}

static gboolean
dispatch_sampled_cb (gpointer user_data)
{
  FrameEvent *event = user_data;
  g_autoptr(SlCapture) self = g_weak_ref_get (&event->self);

  if (self != NULL && self->state != SL_CAPTURE_STATE_IDLE)
    g_signal_emit (self, signals[SIGNAL_SAMPLED_FRAME], 0, event->bytes, event->width,
                   event->height, event->stride, event->time_s);
  return G_SOURCE_REMOVE;
}

static GstFlowReturn
sampled_sample_cb (GstAppSink *sink,
                   gpointer    user_data)
{
  SlCapture *self = user_data;
  g_autoptr(GstSample) sample = gst_app_sink_pull_sample (sink);
  FrameEvent *event;
  GstBuffer *buffer;

  if (sample == NULL)
    return GST_FLOW_OK;
  event = g_new0 (FrameEvent, 1);
  if ((event->bytes = copy_sample (sample, &event->width, &event->height, &event->stride)) == NULL)
    {
      g_free (event);
      return GST_FLOW_OK;
    }
  buffer = gst_sample_get_buffer (sample);
  event->time_s = GST_BUFFER_PTS_IS_VALID (buffer) ? (double)GST_BUFFER_PTS (buffer) / GST_SECOND : 0;
  g_weak_ref_init (&event->self, self);
  invoke_on (self->context, dispatch_sampled_cb, event,
                              (GDestroyNotify)frame_event_free);
  return GST_FLOW_OK;
}

/* ---- Bus --------------------------------------------------------------- */

static void
finish_stop (SlCapture *self,
             GError    *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->stop_task);

  g_clear_handle_id (&self->stop_timeout, g_source_remove);
  g_clear_handle_id (&self->bus_watch, g_source_remove);
  if (self->pipeline != NULL)
    {
      gst_element_set_state (self->pipeline, GST_STATE_NULL);
      g_clear_object (&self->pipeline);
    }
  self->state = SL_CAPTURE_STATE_IDLE;

  if (task != NULL)
    {
      if (error != NULL)
        g_task_return_error (task, error);
      else
        g_task_return_boolean (task, TRUE);
    }
  else if (error != NULL)
    g_error_free (error);
}

static gboolean
is_source_element (GstObject *object)
{
  g_autofree char *name = object != NULL ? gst_object_get_name (object) : NULL;

  return name != NULL && (g_str_has_prefix (name, "vsrc") || g_str_has_prefix (name, "asrc"));
}

/* A source failed (device unplugged): push an end-of-stream into every
 * branch so the muxer writes a complete file with what it has. */
static void
end_streams (SlCapture *self)
{
  const char *names[] = { "vsrc-out", "asrc-out" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(GstElement) element = gst_bin_get_by_name (GST_BIN (self->pipeline), names[i]);
      g_autoptr(GstPad) pad = NULL;

      if (element == NULL)
        continue;
      pad = gst_element_get_static_pad (element, "sink");
      if (pad != NULL)
        gst_pad_send_event (pad, gst_event_new_eos ());
    }
}

static gboolean
bus_cb (GstBus     *bus,
        GstMessage *message,
        gpointer    user_data)
{
  SlCapture *self = user_data;

  switch (GST_MESSAGE_TYPE (message))
    {
    case GST_MESSAGE_EOS:
      g_debug ("end of stream: %s is complete", self->path ? self->path : "(preview)");
      finish_stop (self, NULL);
      return G_SOURCE_REMOVE;

    case GST_MESSAGE_ERROR:
      {
        g_autoptr(GError) gst_error = NULL;
        g_autofree char *debug = NULL;

        gst_message_parse_error (message, &gst_error, &debug);
        g_debug ("pipeline error from %s: %s (%s)", GST_OBJECT_NAME (GST_MESSAGE_SRC (message)),
                 gst_error->message, debug ? debug : "");
        if (is_source_element (GST_MESSAGE_SRC (message)) && !self->device_lost &&
            self->state == SL_CAPTURE_STATE_RUNNING)
          {
            g_autoptr(GError) error = NULL;

            self->device_lost = TRUE;
            error = g_error_new (SL_CAPTURE_ERROR, SL_CAPTURE_ERROR_DEVICE_LOST,
                                 _("The camera or microphone stopped working; what was recorded is kept"));
            self->state = SL_CAPTURE_STATE_STOPPING;
            end_streams (self);
            g_signal_emit (self, signals[SIGNAL_DEVICE_LOST], 0, error);
            return G_SOURCE_CONTINUE;
          }
        if (self->device_lost)
          return G_SOURCE_CONTINUE;   /* the same failure, seen downstream */
        {
          g_autoptr(GError) error = g_error_new (SL_CAPTURE_ERROR, SL_CAPTURE_ERROR_FAILED,
                                                 _("Recording failed: %s"), gst_error->message);

          g_signal_emit (self, signals[SIGNAL_DEVICE_LOST], 0, error);
          finish_stop (self, g_steal_pointer (&error));
        }
        return G_SOURCE_REMOVE;
      }

    case GST_MESSAGE_ELEMENT:
      {
        const GstStructure *s = gst_message_get_structure (message);

        if (s != NULL && gst_structure_has_name (s, "level"))
          {
            const GValue *rms = gst_structure_get_value (s, "rms");
            const GValue *peak = gst_structure_get_value (s, "peak");
            double rms_db = -100, peak_db = -100;

            G_GNUC_BEGIN_IGNORE_DEPRECATIONS
            /* level posts GValueArrays, one value per channel. */
            if (rms != NULL)
              {
                GValueArray *array = g_value_get_boxed (rms);

                if (array->n_values > 0)
                  rms_db = g_value_get_double (g_value_array_get_nth (array, 0));
              }
            if (peak != NULL)
              {
                GValueArray *array = g_value_get_boxed (peak);

                if (array->n_values > 0)
                  peak_db = g_value_get_double (g_value_array_get_nth (array, 0));
              }
            G_GNUC_END_IGNORE_DEPRECATIONS
            self->audio_flowing = TRUE;
            g_signal_emit (self, signals[SIGNAL_LEVEL], 0, MAX (rms_db, -100.0), MAX (peak_db, -100.0));
          }
        break;
      }

    default:
      break;
    }
  return G_SOURCE_CONTINUE;
}

/* ---- Pipeline ---------------------------------------------------------- */

static gboolean
in_flatpak (void)
{
  return g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS);
}

/* Where a branch's media comes from: a GstDevice, whose element
 * gst_device_create_element() makes, or else a pipeline description (test
 * sources, the portal's pipewiresrc, or a device id no monitor lists). */
typedef struct
{
  char      *description;
  GstDevice *device;
} Source;

static void
source_clear (Source *source)
{
  g_clear_pointer (&source->description, g_free);
  g_clear_object (&source->device);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Source, source_clear)

/* The chosen device id, or the first device when id is NULL. */
static gboolean
source_for_device (Source     *source,
                   GPtrArray  *devices,
                   const char *id)
{
  for (guint i = 0; i < devices->len; i++)
    {
      SlCaptureDevice *device = devices->pdata[i];

      if (id != NULL && g_strcmp0 (device->id, id) != 0)
        continue;
      if (device->device != NULL)
        source->device = g_object_ref (device->device);
      else
        source->description = source_description (device->id);
      return TRUE;
    }
  if (id == NULL)
    return FALSE;
  /* Not listed (unplugged, or no provider sees it): try the id itself,
   * so a camera that is gone fails and the answer goes on as audio. */
  source->description = source_description (id);
  return TRUE;
}

static gboolean
video_source (SlCapture  *self,
              Source     *source,
              GError    **error)
{
  g_autoptr(GPtrArray) devices = NULL;

  /* A chosen device wins even with test sources (tests use a missing one). */
  if (self->video_device == NULL && self->use_test_sources)
    {
      source->description = g_strdup ("videotestsrc is-live=true pattern=ball");
      return TRUE;
    }
  /* The camera portal hands PipeWire nodes to sandboxed apps. */
  if (self->video_device == NULL && in_flatpak ())
    {
      source->description = g_strdup ("pipewiresrc");
      return TRUE;
    }
  devices = sl_capture_list_video_devices ();
  if (!source_for_device (source, devices, self->video_device))
    {
      g_set_error (error, SL_CAPTURE_ERROR, SL_CAPTURE_ERROR_NO_CAMERA,
                   _("No camera was found, or access to it was refused; practising with audio only"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
audio_source (SlCapture  *self,
              Source     *source,
              GError    **error)
{
  g_autoptr(GPtrArray) devices = NULL;

  if (self->use_test_sources)
    {
      source->description = g_strdup ("audiotestsrc is-live=true wave=sine freq=220 volume=0.3");
      return TRUE;
    }
  if (self->audio_device == NULL && in_flatpak ())
    {
      source->description = g_strdup ("pulsesrc");
      return TRUE;
    }
  devices = sl_capture_list_audio_devices ();
  if (!source_for_device (source, devices, self->audio_device))
    {
      g_set_error (error, SL_CAPTURE_ERROR, SL_CAPTURE_ERROR_NO_MICROPHONE,
                   _("No microphone was found; connect one, or allow access to it, and try again"));
      return FALSE;
    }
  return TRUE;
}

/* The pipeline, without the sources that come from a GstDevice: those
 * are added by add_device_source(), ahead of "vsrc-in" or "asrc-out". */
static char *
build_description (SlCapture    *self,
                   const Source *vsrc,
                   const Source *asrc,
                   const char   *path)
{
  GString *d = g_string_new (NULL);
  g_autofree char *escaped = path != NULL ? g_strescape (path, NULL) : NULL;

  if (path != NULL)
    g_string_append_printf (d, "webmmux name=mux ! filesink name=sink location=\"%s\" ", escaped);

  if (vsrc != NULL)
    {
      if (vsrc->device == NULL)
        g_string_append_printf (d, "%s name=vsrc ! ", vsrc->description);
      /* For tests: a camera that fails after some frames, as one unplugged. */
      if (self->fail_video_after > 0)
        g_string_append_printf (d, "identity name=vsrc-in error-after=%u ! ", self->fail_video_after);
      else
        g_string_append (d, "identity name=vsrc-in ! ");
      g_string_append_printf (d,
                              "queue name=vsrc-out ! videoconvert ! videoscale ! videorate ! "
                              "video/x-raw,width=%d,height=%d,framerate=30/1,pixel-aspect-ratio=1/1 ! tee name=vt "
                              "vt. ! queue leaky=downstream max-size-buffers=2 ! videorate drop-only=true ! "
                              "video/x-raw,framerate=%d/1 ! videoscale ! videoconvert ! "
                              "capsfilter name=preview-caps caps=\"video/x-raw,format=RGBA,width=%d,height=%d\" ! "
                              "appsink name=preview max-buffers=1 drop=true sync=false "
                              "vt. ! queue leaky=downstream max-size-buffers=2 ! videorate drop-only=true ! "
                              "video/x-raw,framerate=1/1 ! videoscale ! videoconvert ! "
                              "video/x-raw,format=RGBA,width=%d,height=%d ! "
                              "appsink name=sampler max-buffers=2 drop=true sync=false ",
                              VIDEO_WIDTH, VIDEO_HEIGHT, PREVIEW_FPS, self->preview_width,
                              self->preview_height, SAMPLE_WIDTH, SAMPLE_HEIGHT);
      if (path != NULL)
        /* Real time on two cores needs deadline=1 and cpu-used=8; if the
         * encoder still falls behind, frames are dropped rather than
         * queued without bound (the sound is never dropped). One thread:
         * libvpx's row threads wait for each other by spinning, and with
         * the UI and its renderer on the same two cores the spinning
         * thread burns whole time slices while the one it waits for is
         * preempted (half the application's CPU went there); one thread
         * encodes 640×480 in real time at a fraction of that. */
        g_string_append (d, "vt. ! queue leaky=downstream max-size-time=1000000000 max-size-buffers=0 max-size-bytes=0 ! "
                            "videoconvert ! "
                            "vp8enc deadline=1 cpu-used=8 threads=1 end-usage=cbr target-bitrate=1200000 "
                            "keyframe-max-dist=60 ! mux. ");
    }

  if (asrc->device == NULL)
    g_string_append_printf (d, "%s name=asrc ! ", asrc->description);
  g_string_append (d, "queue name=asrc-out ! audioconvert ! audioresample ! "
                      "audio/x-raw,rate=48000,channels=1 ! level interval=100000000 post-messages=true ! ");
  if (path != NULL)
    g_string_append (d, "queue max-size-time=2000000000 max-size-buffers=0 max-size-bytes=0 ! "
                        "audioconvert ! opusenc bitrate=64000 ! mux.");
  else
    g_string_append (d, "fakesink sync=false");
  return g_string_free (d, FALSE);
}

/* The device's own source element, made by its provider with the right
 * properties, linked in front of the branch's first element. */
static gboolean
add_device_source (GstElement   *pipeline,
                   const Source *source,
                   const char   *name,
                   const char   *next)
{
  g_autoptr(GstElement) next_element = gst_bin_get_by_name (GST_BIN (pipeline), next);
  g_autofree char *display_name = NULL;
  GstElement *element;

  if (source->device == NULL)
    return TRUE;
  if (next_element == NULL || (element = gst_device_create_element (source->device, name)) == NULL)
    return FALSE;
  display_name = gst_device_get_display_name (source->device);
  g_debug ("%s: %s from the device “%s”", name, G_OBJECT_TYPE_NAME (element), display_name);
  if (!gst_bin_add (GST_BIN (pipeline), element))
    return FALSE;
  return gst_element_link (element, next_element);
}

/* Builds and starts one pipeline. *video_failed tells whether a failure
 * came from the camera, so the caller can try again without it. */
static gboolean
start_pipeline (SlCapture     *self,
                const Source  *vsrc,
                const Source  *asrc,
                const char    *path,
                gboolean      *video_failed,
                GError       **error)
{
  g_autofree char *description = NULL;
  g_autoptr(GError) parse_error = NULL;
  g_autoptr(GstBus) bus = NULL;
  GstElement *pipeline;

  *video_failed = FALSE;
  description = build_description (self, vsrc, asrc, path);
  g_debug ("pipeline: %s", description);
  pipeline = gst_parse_launch_full (description, NULL, GST_PARSE_FLAG_FATAL_ERRORS, &parse_error);
  if (pipeline == NULL)
    {
      g_set_error (error, SL_CAPTURE_ERROR, SL_CAPTURE_ERROR_FAILED,
                   _("The recording pipeline could not be built: %s"), parse_error->message);
      return FALSE;
    }
  gst_object_ref_sink (pipeline);
  if (vsrc != NULL && !add_device_source (pipeline, vsrc, "vsrc", "vsrc-in"))
    {
      gst_object_unref (pipeline);
      *video_failed = TRUE;
      g_set_error (error, SL_CAPTURE_ERROR, SL_CAPTURE_ERROR_NO_CAMERA,
                   _("The camera could not be opened; practising with audio only"));
      return FALSE;
    }
  if (!add_device_source (pipeline, asrc, "asrc", "asrc-out"))
    {
      gst_object_unref (pipeline);
      g_set_error (error, SL_CAPTURE_ERROR, SL_CAPTURE_ERROR_NO_MICROPHONE,
                   _("The microphone could not be opened; connect another, or choose it again"));
      return FALSE;
    }
  self->pipeline = pipeline;
  self->has_video = vsrc != NULL;
  self->device_lost = FALSE;
  self->audio_flowing = FALSE;
  g_free (self->path);
  self->path = g_strdup (path);

  if (self->has_video)
    {
      g_autoptr(GstElement) preview = gst_bin_get_by_name (GST_BIN (pipeline), "preview");
      g_autoptr(GstElement) sampler = gst_bin_get_by_name (GST_BIN (pipeline), "sampler");
      GstAppSinkCallbacks preview_callbacks = { .new_sample = preview_sample_cb };
      GstAppSinkCallbacks sampler_callbacks = { .new_sample = sampled_sample_cb };

      gst_app_sink_set_callbacks (GST_APP_SINK (preview), &preview_callbacks, self, NULL);
      gst_app_sink_set_callbacks (GST_APP_SINK (sampler), &sampler_callbacks, self, NULL);
    }

  bus = gst_element_get_bus (pipeline);
  /* The watch is attached to the thread-default context, ours. */
  self->bus_watch = gst_bus_add_watch (bus, bus_cb, self);

  if (gst_element_set_state (pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      g_autoptr(GstMessage) message = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
      g_autoptr(GError) gst_error = NULL;

      if (message != NULL)
        {
          g_autofree char *name = gst_object_get_name (GST_MESSAGE_SRC (message));

          gst_message_parse_error (message, &gst_error, NULL);
          *video_failed = name != NULL && g_str_has_prefix (name, "vsrc");
        }
      finish_stop (self, NULL);
      if (*video_failed)
        g_set_error (error, SL_CAPTURE_ERROR, SL_CAPTURE_ERROR_NO_CAMERA,
                     _("The camera could not be opened (%s); practising with audio only"), gst_error->message);
      else
        g_set_error (error, SL_CAPTURE_ERROR, SL_CAPTURE_ERROR_NO_MICROPHONE,
                     _("The microphone could not be opened: %s"),
                     gst_error != NULL ? gst_error->message : _("unknown error"));
      return FALSE;
    }
  self->state = SL_CAPTURE_STATE_RUNNING;
  return TRUE;
}

gboolean
sl_capture_start (SlCapture   *self,
                  const char  *path,
                  GError     **error)
{
  g_auto(Source) vsrc = { NULL, NULL };
  g_auto(Source) asrc = { NULL, NULL };
  g_autoptr(GError) local_error = NULL;
  gboolean video_failed = FALSE;
  gboolean has_vsrc = FALSE;

  g_return_val_if_fail (SL_IS_CAPTURE (self), FALSE);

  if (self->state != SL_CAPTURE_STATE_IDLE)
    {
      g_set_error (error, SL_CAPTURE_ERROR, SL_CAPTURE_ERROR_BUSY, _("A recording is already running"));
      return FALSE;
    }
  if (!gst_init_check (NULL, NULL, error))
    return FALSE;

  g_clear_error (&self->video_error);
  if (self->video_enabled)
    has_vsrc = video_source (self, &vsrc, &self->video_error);
  if (!audio_source (self, &asrc, error))
    return FALSE;

  if (start_pipeline (self, has_vsrc ? &vsrc : NULL, &asrc, path, &video_failed, &local_error))
    return TRUE;
  if (!video_failed)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  /* No camera, or no permission: the answer is still worth recording. */
  g_debug ("audio only: %s", local_error->message);
  self->video_error = g_steal_pointer (&local_error);
  return start_pipeline (self, NULL, &asrc, path, &video_failed, error);
}

static gboolean
stop_timeout_cb (gpointer user_data)
{
  SlCapture *self = user_data;

  self->stop_timeout = 0;
  g_debug ("no end of stream after %d s; stopping anyway", STOP_TIMEOUT_S);
  finish_stop (self, g_error_new (SL_CAPTURE_ERROR, SL_CAPTURE_ERROR_FAILED,
                                  _("The recording did not finish in time; the file may be incomplete")));
  return G_SOURCE_REMOVE;
}

void
sl_capture_stop_async (SlCapture           *self,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SL_IS_CAPTURE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sl_capture_stop_async);

  if (self->state == SL_CAPTURE_STATE_IDLE || self->pipeline == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  if (self->stop_task != NULL)
    {
      g_task_return_new_error (task, SL_CAPTURE_ERROR, SL_CAPTURE_ERROR_BUSY, _("Already stopping"));
      return;
    }

  /* Nothing has flowed yet (stopped at once): there is nothing to
   * finish, and an end-of-stream before the first segment upsets level. */
  if (!self->audio_flowing && self->state == SL_CAPTURE_STATE_RUNNING)
    {
      self->stop_task = g_steal_pointer (&task);
      finish_stop (self, NULL);
      return;
    }

  self->stop_task = g_steal_pointer (&task);
  self->stop_timeout = g_timeout_add_seconds (STOP_TIMEOUT_S, stop_timeout_cb, self);
  if (self->state == SL_CAPTURE_STATE_RUNNING)
    {
      self->state = SL_CAPTURE_STATE_STOPPING;
      /* Sources forward the end-of-stream; the muxer finishes the file
       * and the bus reports EOS once every sink has it. */
      gst_element_send_event (self->pipeline, gst_event_new_eos ());
    }
}

gboolean
sl_capture_stop_finish (SlCapture     *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (SL_IS_CAPTURE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- Object ------------------------------------------------------------ */

static void
sl_capture_dispose (GObject *object)
{
  SlCapture *self = (SlCapture *)object;

  if (self->pipeline != NULL || self->stop_task != NULL)
    finish_stop (self, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "disposed"));

  G_OBJECT_CLASS (sl_capture_parent_class)->dispose (object);
}

static void
sl_capture_finalize (GObject *object)
{
  SlCapture *self = (SlCapture *)object;

  g_clear_pointer (&self->pending_frame, g_bytes_unref);
  g_mutex_clear (&self->frame_mutex);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->video_device, g_free);
  g_clear_pointer (&self->audio_device, g_free);
  g_clear_error (&self->video_error);

  G_OBJECT_CLASS (sl_capture_parent_class)->finalize (object);
}

static void
sl_capture_class_init (SlCaptureClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sl_capture_dispose;
  object_class->finalize = sl_capture_finalize;

  signals[SIGNAL_PREVIEW_FRAME] =
    g_signal_new ("preview-frame", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 4, G_TYPE_BYTES, G_TYPE_INT, G_TYPE_INT, G_TYPE_INT);
  signals[SIGNAL_SAMPLED_FRAME] =
    g_signal_new ("sampled-frame", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 5, G_TYPE_BYTES, G_TYPE_INT, G_TYPE_INT, G_TYPE_INT, G_TYPE_DOUBLE);
  signals[SIGNAL_LEVEL] =
    g_signal_new ("level", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_DOUBLE, G_TYPE_DOUBLE);
  signals[SIGNAL_DEVICE_LOST] =
    g_signal_new ("device-lost", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
sl_capture_init (SlCapture *self)
{
  g_mutex_init (&self->frame_mutex);
  self->context = g_main_context_ref_thread_default ();
  self->preview_width = PREVIEW_DEFAULT_WIDTH;
  self->preview_height = PREVIEW_DEFAULT_HEIGHT;
  self->video_enabled = TRUE;
}

SlCapture *
sl_capture_new (void)
{
  return g_object_new (SL_TYPE_CAPTURE, NULL);
}

void
sl_capture_set_use_test_sources (SlCapture *self,
                                 gboolean   use_test_sources)
{
  g_return_if_fail (SL_IS_CAPTURE (self));

  self->use_test_sources = !!use_test_sources;
}

void
sl_capture_set_preview_size (SlCapture *self,
                             int        max_width,
                             int        max_height)
{
  int width, height;

  g_return_if_fail (SL_IS_CAPTURE (self));

  /* The largest even size with the recording's aspect ratio that fits. */
  max_width = CLAMP (max_width, PREVIEW_MIN_WIDTH, VIDEO_WIDTH);
  max_height = CLAMP (max_height, PREVIEW_MIN_WIDTH * VIDEO_HEIGHT / VIDEO_WIDTH, VIDEO_HEIGHT);
  width = MIN (max_width, max_height * VIDEO_WIDTH / VIDEO_HEIGHT) & ~1;
  height = (width * VIDEO_HEIGHT / VIDEO_WIDTH) & ~1;
  if (width == self->preview_width && height == self->preview_height)
    return;
  self->preview_width = width;
  self->preview_height = height;

  if (self->pipeline != NULL && self->has_video)
    {
      g_autoptr(GstElement) filter = gst_bin_get_by_name (GST_BIN (self->pipeline), "preview-caps");
      g_autoptr(GstCaps) caps = gst_caps_new_simple ("video/x-raw",
                                                     "format", G_TYPE_STRING, "RGBA",
                                                     "width", G_TYPE_INT, width,
                                                     "height", G_TYPE_INT, height,
                                                     NULL);

      /* The capsfilter asks videoscale to renegotiate; the recording
       * branches are not affected. */
      if (filter != NULL)
        g_object_set (filter, "caps", caps, NULL);
    }
}

void
sl_capture_get_preview_size (SlCapture *self,
                             int       *width,
                             int       *height)
{
  g_return_if_fail (SL_IS_CAPTURE (self));

  if (width != NULL)
    *width = self->preview_width;
  if (height != NULL)
    *height = self->preview_height;
}

void
sl_capture_set_choices (SlCapture  *self,
                        const char *camera,
                        const char *microphone)
{
  g_return_if_fail (SL_IS_CAPTURE (self));

  if (g_strcmp0 (camera, SL_CAPTURE_NO_CAMERA) == 0)
    {
      sl_capture_set_video_enabled (self, FALSE);
      sl_capture_set_video_device (self, NULL);
    }
  else
    {
      sl_capture_set_video_enabled (self, TRUE);
      sl_capture_set_video_device (self, camera != NULL && camera[0] != '\0' ? camera : NULL);
    }
  sl_capture_set_audio_device (self, microphone != NULL && microphone[0] != '\0' ? microphone : NULL);
}

void
sl_capture_set_video_device (SlCapture  *self,
                             const char *device_id)
{
  g_return_if_fail (SL_IS_CAPTURE (self));

  g_free (self->video_device);
  self->video_device = g_strdup (device_id);
}

void
sl_capture_set_audio_device (SlCapture  *self,
                             const char *device_id)
{
  g_return_if_fail (SL_IS_CAPTURE (self));

  g_free (self->audio_device);
  self->audio_device = g_strdup (device_id);
}

void
sl_capture_set_video_enabled (SlCapture *self,
                              gboolean   enabled)
{
  g_return_if_fail (SL_IS_CAPTURE (self));

  self->video_enabled = !!enabled;
}

void
sl_capture_set_fail_video_after (SlCapture *self,
                                 guint      n_buffers)
{
  g_return_if_fail (SL_IS_CAPTURE (self));

  self->fail_video_after = n_buffers;
}

SlCaptureState
sl_capture_get_state (SlCapture *self)
{
  g_return_val_if_fail (SL_IS_CAPTURE (self), SL_CAPTURE_STATE_IDLE);

  return self->state;
}

gboolean
sl_capture_get_has_video (SlCapture *self)
{
  g_return_val_if_fail (SL_IS_CAPTURE (self), FALSE);

  return self->has_video;
}

const GError *
sl_capture_get_video_error (SlCapture *self)
{
  g_return_val_if_fail (SL_IS_CAPTURE (self), NULL);

  return self->video_error;
}

double
sl_capture_get_elapsed (SlCapture *self)
{
  GstClockTime running;

  g_return_val_if_fail (SL_IS_CAPTURE (self), 0);

  /* The clock's running time is what the live sources are capturing now;
   * a sink's position lags behind it by whatever the encoders queue. */
  if (self->pipeline == NULL ||
      (running = gst_element_get_current_running_time (self->pipeline)) == GST_CLOCK_TIME_NONE)
    return 0;
  return (double)running / GST_SECOND;
}

const char *
sl_capture_get_path (SlCapture *self)
{
  g_return_val_if_fail (SL_IS_CAPTURE (self), NULL);

  return self->path;
}
