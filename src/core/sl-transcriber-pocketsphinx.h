#pragma once

#include "sl-transcriber.h"

G_BEGIN_DECLS

#define SL_TYPE_TRANSCRIBER_POCKETSPHINX (sl_transcriber_pocketsphinx_get_type ())

G_DECLARE_FINAL_TYPE (SlTranscriberPocketsphinx, sl_transcriber_pocketsphinx, SL, TRANSCRIBER_POCKETSPHINX, GObject)

/* The local engine: pocketsphinx with the en-us model. Free
 * transcription gives words with timings (a draft: about 20 % word
 * error rate on clear synthetic speech, far more on natural speech);
 * fillers come from the audio (see below) and expected keywords from a
 * keyword-spotting pass, because the language model almost never
 * produces "um" or "uh". The model
 * directory is SHORTLIST_POCKETSPHINX_MODEL when set. */
SlTranscriber *sl_transcriber_pocketsphinx_new        (void) G_GNUC_WARN_UNUSED_RESULT;
/* Hesitations ("um", "uh", "er") are candidates from keyword spotting
 * and from the free transcription, scored 0–1 by audio cues (set off by
 * silence with no more than one syllable of recognised words in it and
 * no word the transcription is sure of, long, voiced, level pitch,
 * steady spectrum); a candidate is
 * kept when its score reaches the threshold, with the score as its
 * confidence. 0 keeps every candidate; lower finds more and invents more. */
void           sl_transcriber_pocketsphinx_set_filler_threshold (SlTranscriberPocketsphinx *self,
                                                                 double                     threshold);
double         sl_transcriber_pocketsphinx_get_filler_threshold (SlTranscriberPocketsphinx *self);
/* Whether a stretch standing alone counts as a hesitation only when the
 * free transcription hears at most one syllable of words in it (TRUE by
 * default; FALSE gives the earlier detector, for comparison). */
void           sl_transcriber_pocketsphinx_set_check_syllables  (SlTranscriberPocketsphinx *self,
                                                                 gboolean                   check);
/* Whether such a stretch is rejected when the free transcription is
 * sure of a word in it that does not sound like a hesitation ("and",
 * "so"; not "oh"). TRUE by default; FALSE for comparison. */
void           sl_transcriber_pocketsphinx_set_check_words      (SlTranscriberPocketsphinx *self,
                                                                 gboolean                   check);
/* Whether a stretch touching the start or end of the clip, with no
 * silence between, needs a held vowel to count as standing alone (TRUE
 * by default; FALSE counts the edge as silence, for comparison). */
void           sl_transcriber_pocketsphinx_set_check_edges      (SlTranscriberPocketsphinx *self,
                                                                 gboolean                   check);

G_END_DECLS
