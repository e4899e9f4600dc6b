#pragma once

#include "sl-speaker.h"

G_BEGIN_DECLS

#define SL_TYPE_SPEAKER_ESPEAK (sl_speaker_espeak_get_type ())

G_DECLARE_FINAL_TYPE (SlSpeakerEspeak, sl_speaker_espeak, SL, SPEAKER_ESPEAK, GObject)

/* voice: an espeak-ng voice name ("en-us"), NULL for the default. */
SlSpeaker *sl_speaker_espeak_new (const char *voice) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
