#define G_LOG_DOMAIN "sl-speaker-espeak"

#include "config.h"

#include <espeak-ng/speak_lib.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "sl-speaker-espeak.h"

struct _SlSpeakerEspeak
{
  GObject  parent_instance;
  char    *voice;
};

static void speaker_iface_init (SlSpeakerInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SlSpeakerEspeak, sl_speaker_espeak, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (SL_TYPE_SPEAKER, speaker_iface_init))

/* espeak-ng keeps global state: one synthesis at a time in the process. */
static GMutex espeak_mutex;
static int espeak_rate;

typedef struct
{
  GByteArray   *pcm;
  GCancellable *cancellable;
} SynthState;

static int
synth_cb (short        *wav,
          int           n_samples,
          espeak_EVENT *events)
{
  SynthState *state = events != NULL ? events->user_data : NULL;

  if (state == NULL)
    return 0;
  if (g_cancellable_is_cancelled (state->cancellable))
    return 1;   /* abort */
  if (wav != NULL && n_samples > 0)
    g_byte_array_append (state->pcm, (const guint8 *)wav, n_samples * sizeof (short));
  return 0;
}

static GBytes *
sl_speaker_espeak_synthesize (SlSpeaker     *speaker,
                              const char    *text,
                              int            words_per_minute,
                              int           *rate,
                              GCancellable  *cancellable,
                              GError       **error)
{
  SlSpeakerEspeak *self = SL_SPEAKER_ESPEAK (speaker);
  g_autoptr(GMutexLocker) locker = NULL;
  SynthState state = { NULL, cancellable };
  espeak_ERROR status;

  locker = g_mutex_locker_new (&espeak_mutex);
  state.pcm = g_byte_array_new ();

  if (espeak_rate <= 0)
    {
      espeak_rate = espeak_Initialize (AUDIO_OUTPUT_SYNCHRONOUS, 0, NULL, espeakINITIALIZE_DONT_EXIT);
      if (espeak_rate <= 0)
        {
          g_byte_array_unref (state.pcm);
          g_set_error (error, SL_SPEAKER_ERROR, SL_SPEAKER_ERROR_UNAVAILABLE,
                       _("The espeak-ng voice data could not be loaded"));
          return NULL;
        }
    }
  espeak_SetSynthCallback (synth_cb);
  if (espeak_SetVoiceByName (self->voice != NULL ? self->voice : "en-us") != EE_OK)
    {
      g_byte_array_unref (state.pcm);
      g_set_error (error, SL_SPEAKER_ERROR, SL_SPEAKER_ERROR_UNAVAILABLE,
                   _("The voice “%s” is not installed"), self->voice != NULL ? self->voice : "en-us");
      return NULL;
    }
  espeak_SetParameter (espeakRATE, CLAMP (words_per_minute > 0 ? words_per_minute : 160, 80, 450), 0);
  status = espeak_Synth (text, strlen (text) + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8, NULL, &state);
  espeak_Synchronize ();
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      g_byte_array_unref (state.pcm);
      return NULL;
    }
  if (status != EE_OK || state.pcm->len == 0)
    {
      g_byte_array_unref (state.pcm);
      g_set_error (error, SL_SPEAKER_ERROR, SL_SPEAKER_ERROR_FAILED, _("The question could not be spoken"));
      return NULL;
    }
  *rate = espeak_rate;
  return g_byte_array_free_to_bytes (state.pcm);
}

static const char *
sl_speaker_espeak_get_id (SlSpeaker *speaker)
{
  return "espeak-ng";
}

static void
speaker_iface_init (SlSpeakerInterface *iface)
{
  iface->get_id = sl_speaker_espeak_get_id;
  iface->synthesize = sl_speaker_espeak_synthesize;
}

static void
sl_speaker_espeak_finalize (GObject *object)
{
  SlSpeakerEspeak *self = (SlSpeakerEspeak *)object;

  g_free (self->voice);

  G_OBJECT_CLASS (sl_speaker_espeak_parent_class)->finalize (object);
}

static void
sl_speaker_espeak_class_init (SlSpeakerEspeakClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sl_speaker_espeak_finalize;
}

static void
sl_speaker_espeak_init (SlSpeakerEspeak *self)
{
}

SlSpeaker *
sl_speaker_espeak_new (const char *voice)
{
  SlSpeakerEspeak *self = g_object_new (SL_TYPE_SPEAKER_ESPEAK, NULL);

  self->voice = g_strdup (voice);
  return SL_SPEAKER (self);
}
