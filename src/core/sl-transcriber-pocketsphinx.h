#pragma once

#include "sl-transcriber.h"

G_BEGIN_DECLS

#define SL_TYPE_TRANSCRIBER_POCKETSPHINX (sl_transcriber_pocketsphinx_get_type ())

G_DECLARE_FINAL_TYPE (SlTranscriberPocketsphinx, sl_transcriber_pocketsphinx, SL, TRANSCRIBER_POCKETSPHINX, GObject)

/* The local engine: pocketsphinx with the en-us model. Free
 * transcription gives words with timings (a draft: about 20 % word
 * error rate on clear synthetic speech, far more on natural speech);
 * fillers and expected keywords come from a keyword-spotting pass,
 * because the language model never produces "um" or "uh". The model
 * directory is SHORTLIST_POCKETSPHINX_MODEL when set. */
SlTranscriber *sl_transcriber_pocketsphinx_new        (void) G_GNUC_WARN_UNUSED_RESULT;
/* Keyword-spotting threshold for fillers (a probability, 1e-30–1e-1);
 * lower finds more and invents more. */
void           sl_transcriber_pocketsphinx_set_filler_threshold (SlTranscriberPocketsphinx *self,
                                                                 double                     threshold);

G_END_DECLS
