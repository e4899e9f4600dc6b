#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define SL_SPEAKER_ERROR (sl_speaker_error_quark ())

typedef enum
{
  SL_SPEAKER_ERROR_FAILED,
  SL_SPEAKER_ERROR_UNAVAILABLE,   /* no engine, no voice, no audio output */
} SlSpeakerError;

GQuark sl_speaker_error_quark (void);

#define SL_TYPE_SPEAKER (sl_speaker_get_type ())

G_DECLARE_INTERFACE (SlSpeaker, sl_speaker, SL, SPEAKER, GObject)

/* The interviewer's voice: espeak-ng locally, Amazon Polly later. */
struct _SlSpeakerInterface
{
  GTypeInterface parent_iface;

  const char *(*get_id)     (SlSpeaker     *self);
  /* Blocking, thread-safe: mono signed 16-bit samples at *rate Hz. */
  GBytes     *(*synthesize) (SlSpeaker     *self,
                             const char    *text,
                             int            words_per_minute,
                             int           *rate,
                             GCancellable  *cancellable,
                             GError       **error);
};

const char *sl_speaker_get_id     (SlSpeaker            *self);
GBytes     *sl_speaker_synthesize (SlSpeaker            *self,
                                   const char           *text,
                                   int                   words_per_minute,
                                   int                  *rate,
                                   GCancellable         *cancellable,
                                   GError              **error) G_GNUC_WARN_UNUSED_RESULT;
/* Synthesises on a worker and plays through GStreamer (sink: an element
 * description such as "fakesink", NULL for autoaudiosink). Finishes when
 * playback ends; cancelling stops it. */
void        sl_speaker_speak_async  (SlSpeaker           *self,
                                     const char          *text,
                                     int                  words_per_minute,
                                     const char          *sink,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data);
gboolean    sl_speaker_speak_finish (SlSpeaker           *self,
                                     GAsyncResult        *result,
                                     GError             **error);

G_END_DECLS
