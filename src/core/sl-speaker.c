#define G_LOG_DOMAIN "sl-speaker"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gst/app/gstappsrc.h>
#include <gst/gst.h>

#include "sl-speaker.h"

G_DEFINE_INTERFACE (SlSpeaker, sl_speaker, G_TYPE_OBJECT)

G_DEFINE_QUARK (sl-speaker-error-quark, sl_speaker_error)

static void
sl_speaker_default_init (SlSpeakerInterface *iface)
{
}

const char *
sl_speaker_get_id (SlSpeaker *self)
{
  g_return_val_if_fail (SL_IS_SPEAKER (self), NULL);

  return SL_SPEAKER_GET_IFACE (self)->get_id (self);
}

GBytes *
sl_speaker_synthesize (SlSpeaker     *self,
                       const char    *text,
                       int            words_per_minute,
                       int           *rate,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_return_val_if_fail (SL_IS_SPEAKER (self), NULL);
  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (rate != NULL, NULL);

  return SL_SPEAKER_GET_IFACE (self)->synthesize (self, text, words_per_minute, rate, cancellable, error);
}

typedef struct
{
  char       *text;
  char       *sink;
  int         wpm;
  int         rate;
  GstElement *pipeline;
  guint       bus_watch;
  gulong      cancelled_id;
} SpeakData;

static void
speak_data_free (SpeakData *data)
{
  g_clear_handle_id (&data->bus_watch, g_source_remove);
  if (data->pipeline != NULL)
    {
      gst_element_set_state (data->pipeline, GST_STATE_NULL);
      g_clear_object (&data->pipeline);
    }
  g_free (data->text);
  g_free (data->sink);
  g_free (data);
}

static void
synthesize_worker (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  SpeakData *data = task_data;
  g_autoptr(GError) error = NULL;
  GBytes *pcm = sl_speaker_synthesize (source_object, data->text, data->wpm, &data->rate, cancellable, &error);

  if (pcm == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, pcm, (GDestroyNotify)g_bytes_unref);
}

static void
finish_speaking (GTask  *task,
                 GError *error)
{
  SpeakData *data = g_task_get_task_data (task);

  if (data->cancelled_id != 0)
    g_cancellable_disconnect (g_task_get_cancellable (task), data->cancelled_id);
  data->cancelled_id = 0;
  g_clear_handle_id (&data->bus_watch, g_source_remove);
  if (data->pipeline != NULL)
    gst_element_set_state (data->pipeline, GST_STATE_NULL);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static gboolean
speak_bus_cb (GstBus     *bus,
              GstMessage *message,
              gpointer    user_data)
{
  GTask *task = user_data;

  switch (GST_MESSAGE_TYPE (message))
    {
    case GST_MESSAGE_EOS:
      {
        g_autoptr(GTask) owned = g_object_ref (task);

        ((SpeakData *)g_task_get_task_data (task))->bus_watch = 0;
        finish_speaking (owned, NULL);
        return G_SOURCE_REMOVE;
      }
    case GST_MESSAGE_ERROR:
      {
        g_autoptr(GTask) owned = g_object_ref (task);
        g_autoptr(GError) gst_error = NULL;

        gst_message_parse_error (message, &gst_error, NULL);
        ((SpeakData *)g_task_get_task_data (task))->bus_watch = 0;
        finish_speaking (owned, g_error_new (SL_SPEAKER_ERROR, SL_SPEAKER_ERROR_UNAVAILABLE,
                                             _("The question could not be played: %s"), gst_error->message));
        return G_SOURCE_REMOVE;
      }
    default:
      return G_SOURCE_CONTINUE;
    }
}

static gboolean
cancel_idle_cb (gpointer user_data)
{
  GTask *task = user_data;
  SpeakData *data = g_task_get_task_data (task);

  if (!g_task_get_completed (task) && data->bus_watch != 0)
    finish_speaking (task, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Cancelled")));
  return G_SOURCE_REMOVE;
}

static void
speak_cancelled_cb (GCancellable *cancellable,
                    GTask        *task)
{
  /* May run on any thread: stop from the task's context. */
  GSource *source = g_idle_source_new ();

  g_source_set_callback (source, cancel_idle_cb, g_object_ref (task), g_object_unref);
  g_source_attach (source, g_task_get_context (task));
  g_source_unref (source);
}

static void
synthesized_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GTask) inner = G_TASK (g_object_ref (result));
  SpeakData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pcm = g_task_propagate_pointer (inner, &error);
  g_autofree char *description = NULL;
  g_autoptr(GstElement) src = NULL;
  g_autoptr(GstCaps) caps = NULL;
  g_autoptr(GstBus) bus = NULL;
  GstBuffer *buffer;

  if (pcm == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  description = g_strdup_printf ("appsrc name=src format=time ! audioconvert ! audioresample ! %s",
                                 data->sink != NULL ? data->sink : "autoaudiosink");
  if (!(data->pipeline = gst_parse_launch (description, &error)))
    {
      g_task_return_new_error (task, SL_SPEAKER_ERROR, SL_SPEAKER_ERROR_UNAVAILABLE,
                               _("The question could not be played: %s"), error->message);
      return;
    }
  gst_object_ref_sink (data->pipeline);
  src = gst_bin_get_by_name (GST_BIN (data->pipeline), "src");
  caps = gst_caps_new_simple ("audio/x-raw", "format", G_TYPE_STRING, "S16LE", "channels", G_TYPE_INT, 1,
                              "rate", G_TYPE_INT, data->rate, "layout", G_TYPE_STRING, "interleaved", NULL);
  g_object_set (src, "caps", caps, NULL);
  buffer = gst_buffer_new_wrapped_bytes (pcm);
  GST_BUFFER_PTS (buffer) = 0;
  GST_BUFFER_DURATION (buffer) = gst_util_uint64_scale (g_bytes_get_size (pcm) / 2, GST_SECOND, data->rate);
  gst_app_src_push_buffer (GST_APP_SRC (src), buffer);
  gst_app_src_end_of_stream (GST_APP_SRC (src));

  bus = gst_element_get_bus (data->pipeline);
  /* The watch holds the task until playback ends. */
  data->bus_watch = gst_bus_add_watch_full (bus, G_PRIORITY_DEFAULT, speak_bus_cb, g_object_ref (task), g_object_unref);
  if (g_task_get_cancellable (task) != NULL)
    data->cancelled_id = g_cancellable_connect (g_task_get_cancellable (task), G_CALLBACK (speak_cancelled_cb),
                                                task, NULL);
  if (gst_element_set_state (data->pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      /* The bus watch reports the error. */
      g_debug ("playback failed to start");
    }
}

void
sl_speaker_speak_async (SlSpeaker           *self,
                        const char          *text,
                        int                  words_per_minute,
                        const char          *sink,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) inner = NULL;
  SpeakData *data;

  g_return_if_fail (SL_IS_SPEAKER (self));
  g_return_if_fail (text != NULL);

  data = g_new0 (SpeakData, 1);
  data->text = g_strdup (text);
  data->sink = g_strdup (sink);
  data->wpm = words_per_minute;
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sl_speaker_speak_async);
  g_task_set_task_data (task, data, (GDestroyNotify)speak_data_free);

  if (!gst_init_check (NULL, NULL, NULL))
    {
      g_task_return_new_error (task, SL_SPEAKER_ERROR, SL_SPEAKER_ERROR_UNAVAILABLE, _("GStreamer is not available"));
      return;
    }
  /* Synthesis on a worker; playback from this context. The inner task
   * shares the data and reports to synthesized_cb. */
  inner = g_task_new (self, cancellable, synthesized_cb, g_object_ref (task));
  g_task_set_task_data (inner, data, NULL);
  g_task_run_in_thread (inner, synthesize_worker);
}

gboolean
sl_speaker_speak_finish (SlSpeaker     *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (SL_IS_SPEAKER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
