#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define SL_SPEECH_AUDIO_ERROR (sl_speech_audio_error_quark ())

typedef enum
{
  SL_SPEECH_AUDIO_ERROR_FAILED,
  SL_SPEECH_AUDIO_ERROR_UNSUPPORTED,   /* not audio, or no decoder for it */
  SL_SPEECH_AUDIO_ERROR_TOO_LONG,
} SlSpeechAudioError;

GQuark  sl_speech_audio_error_quark (void);

/* Decodes the audio track of any file GStreamer can read (WAV, WebM, Ogg,
 * FLAC, …) to mono float samples at rate Hz. Blocking: call it from a
 * worker. Refuses more than max_seconds of audio (0 for no limit). */
float  *sl_speech_audio_load        (const char    *path,
                                     int            rate,
                                     double         max_seconds,
                                     gsize         *n_samples,
                                     GCancellable  *cancellable,
                                     GError       **error) G_GNUC_WARN_UNUSED_RESULT;
/* Converts float samples to 16-bit signed PCM (for recognisers). */
gint16 *sl_speech_audio_to_s16      (const float   *samples,
                                     gsize          n_samples) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
