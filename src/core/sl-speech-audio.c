#define G_LOG_DOMAIN "sl-speech-audio"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gst/app/gstappsink.h>
#include <gst/gst.h>

#include "sl-speech-audio.h"

G_DEFINE_QUARK (sl-speech-audio-error-quark, sl_speech_audio_error)

static void
unref_pipeline (GstElement *pipeline)
{
  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (pipeline);
}

/* A pipeline is stopped before it is released. */
typedef GstElement GstElementPipeline;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GstElementPipeline, unref_pipeline)

static gboolean
bus_error (GstBus  *bus,
           GError **error)
{
  g_autoptr(GstMessage) message = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
  g_autoptr(GError) gst_error = NULL;
  g_autofree char *debug = NULL;

  if (message == NULL)
    return FALSE;
  gst_message_parse_error (message, &gst_error, &debug);
  g_debug ("decoder error: %s (%s)", gst_error->message, debug ? debug : "");
  g_set_error (error, SL_SPEECH_AUDIO_ERROR, SL_SPEECH_AUDIO_ERROR_UNSUPPORTED,
               _("Could not decode the audio: %s"), gst_error->message);
  return TRUE;
}

float *
sl_speech_audio_load (const char    *path,
                      int            rate,
                      double         max_seconds,
                      gsize         *n_samples,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_autoptr(GstElementPipeline) pipeline = NULL;
  g_autoptr(GstBus) bus = NULL;
  g_autoptr(GArray) out = g_array_new (FALSE, FALSE, sizeof (float));
  g_autoptr(GFile) file = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *description = NULL;
  g_autoptr(GError) parse_error = NULL;
  GstElement *sink;
  gsize max_samples = max_seconds > 0 ? (gsize)(max_seconds * rate) : G_MAXSIZE;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (n_samples != NULL, NULL);

  *n_samples = 0;
  if (!gst_init_check (NULL, NULL, error))
    return NULL;

  file = g_file_new_for_commandline_arg (path);
  if (!g_file_query_exists (file, cancellable))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("“%s” does not exist"), path);
      return NULL;
    }
  uri = g_file_get_uri (file);

  description = g_strdup_printf ("uridecodebin name=src ! audioconvert ! audioresample ! "
                                 "audio/x-raw,format=F32LE,channels=1,rate=%d,layout=interleaved ! "
                                 "appsink name=sink sync=false max-buffers=64", rate);
  pipeline = (GstElementPipeline *)gst_parse_launch (description, &parse_error);
  if (pipeline == NULL)
    {
      g_set_error (error, SL_SPEECH_AUDIO_ERROR, SL_SPEECH_AUDIO_ERROR_FAILED,
                   _("Could not build the audio decoder: %s"), parse_error->message);
      return NULL;
    }
  {
    g_autoptr(GstElement) src = gst_bin_get_by_name (GST_BIN (pipeline), "src");

    g_object_set (src, "uri", uri, NULL);
  }
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  gst_object_unref (sink);  /* the pipeline keeps it alive */
  bus = gst_element_get_bus (pipeline);

  if (gst_element_set_state (pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      if (!bus_error (bus, error))
        g_set_error (error, SL_SPEECH_AUDIO_ERROR, SL_SPEECH_AUDIO_ERROR_UNSUPPORTED,
                     _("“%s” is not an audio or video file"), path);
      return NULL;
    }

  for (;;)
    {
      g_autoptr(GstSample) sample = NULL;
      GstBuffer *buffer;
      GstMapInfo map;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      sample = gst_app_sink_try_pull_sample (GST_APP_SINK (sink), GST_SECOND / 4);
      if (sample == NULL)
        {
          if (bus_error (bus, error))
            return NULL;
          if (gst_app_sink_is_eos (GST_APP_SINK (sink)))
            break;
          continue;
        }
      buffer = gst_sample_get_buffer (sample);
      if (buffer == NULL || !gst_buffer_map (buffer, &map, GST_MAP_READ))
        continue;
      g_array_append_vals (out, map.data, map.size / sizeof (float));
      gst_buffer_unmap (buffer, &map);
      if (out->len > max_samples)
        {
          g_set_error (error, SL_SPEECH_AUDIO_ERROR, SL_SPEECH_AUDIO_ERROR_TOO_LONG,
                       _("The recording is longer than %.0f minutes"), max_seconds / 60);
          return NULL;
        }
    }

  if (out->len == 0)
    {
      if (!bus_error (bus, error))
        g_set_error (error, SL_SPEECH_AUDIO_ERROR, SL_SPEECH_AUDIO_ERROR_UNSUPPORTED,
                     _("“%s” has no audio"), path);
      return NULL;
    }

  *n_samples = out->len;
  return (float *)g_array_free (g_steal_pointer (&out), FALSE);
}

gint16 *
sl_speech_audio_to_s16 (const float *samples,
                        gsize        n_samples)
{
  gint16 *pcm = g_new (gint16, MAX (n_samples, 1));

  for (gsize i = 0; i < n_samples; i++)
    {
      float v = samples[i] * 32767.0f;

      pcm[i] = (gint16)CLAMP (v, -32768.0f, 32767.0f);
    }
  return pcm;
}
