#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define SL_SPEECH_TRANSCRIPT_ERROR (sl_speech_transcript_error_quark ())

typedef enum
{
  SL_SPEECH_TRANSCRIPT_ERROR_INVALID,
} SlSpeechTranscriptError;

GQuark sl_speech_transcript_error_quark (void);

/* One spoken word. Times are seconds from the start of the audio, or
 * negative when the source gave no timings (plain text). */
typedef struct
{
  char   *text;          /* the word as written, without punctuation */
  char   *norm;          /* lower case, ASCII apostrophes */
  double  start_s;
  double  end_s;
  double  confidence;    /* 0–1, or negative when unknown */
  guint   clause_start : 1;   /* first word of the answer or after . , ; : ? ! — */
  guint   comma_after : 1;    /* followed by , ; : or — */
  guint   sentence_end : 1;   /* followed by . ? ! */
} SlSpeechWord;

#define SL_TYPE_SPEECH_TRANSCRIPT (sl_speech_transcript_get_type ())

typedef struct _SlSpeechTranscript SlSpeechTranscript;

GType               sl_speech_transcript_get_type       (void) G_GNUC_CONST;
SlSpeechTranscript *sl_speech_transcript_new            (void) G_GNUC_WARN_UNUSED_RESULT;
SlSpeechTranscript *sl_speech_transcript_ref            (SlSpeechTranscript *self);
void                sl_speech_transcript_unref          (SlSpeechTranscript *self);

/* Plain text: punctuation is kept as clause information, no timings. */
SlSpeechTranscript *sl_speech_transcript_new_from_text  (const char         *text) G_GNUC_WARN_UNUSED_RESULT;
/* JSON: {"text": …, "words": [{"word", "start", "end", "confidence"?}], "draft"?, "engine"?}
 * or an Amazon Transcribe transcript file ({"results": {"items": […]}}).
 * Anything that does not parse as one of these is an error. */
SlSpeechTranscript *sl_speech_transcript_new_from_json  (const char         *json,
                                                         GError            **error) G_GNUC_WARN_UNUSED_RESULT;
/* Sniffs the format: JSON when the first non-blank character is '{'. */
SlSpeechTranscript *sl_speech_transcript_new_from_data  (const char         *data,
                                                         GError            **error) G_GNUC_WARN_UNUSED_RESULT;

/* Appends a word; punctuation attached to text ("um,", "done.") is
 * turned into the clause flags. */
void                sl_speech_transcript_add_word       (SlSpeechTranscript *self,
                                                         const char         *text,
                                                         double              start_s,
                                                         double              end_s,
                                                         double              confidence);
guint               sl_speech_transcript_get_n_words    (SlSpeechTranscript *self);
const SlSpeechWord *sl_speech_transcript_get_word       (SlSpeechTranscript *self,
                                                         guint               index);
gboolean            sl_speech_transcript_has_timings    (SlSpeechTranscript *self);
/* The text to show; built from the words when none was set. */
const char         *sl_speech_transcript_get_text       (SlSpeechTranscript *self);
void                sl_speech_transcript_set_text       (SlSpeechTranscript *self,
                                                         const char         *text);
/* A draft is a transcript from an engine we do not trust word for word. */
gboolean            sl_speech_transcript_get_draft      (SlSpeechTranscript *self);
void                sl_speech_transcript_set_draft      (SlSpeechTranscript *self,
                                                         gboolean            draft);
const char         *sl_speech_transcript_get_engine     (SlSpeechTranscript *self);
void                sl_speech_transcript_set_engine     (SlSpeechTranscript *self,
                                                         const char         *engine);
double              sl_speech_transcript_get_duration   (SlSpeechTranscript *self);
void                sl_speech_transcript_set_duration   (SlSpeechTranscript *self,
                                                         double              duration_s);
/* {"text", "draft", "engine", "duration_s", "words": [{"word", "start", "end", "confidence"}]} */
JsonNode           *sl_speech_transcript_to_json        (SlSpeechTranscript *self) G_GNUC_WARN_UNUSED_RESULT;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlSpeechTranscript, sl_speech_transcript_unref)

G_END_DECLS
