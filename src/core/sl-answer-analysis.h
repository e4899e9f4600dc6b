#pragma once

#include <json-glib/json-glib.h>

#include "sl-audio-analysis.h"
#include "sl-speech-transcript.h"

G_BEGIN_DECLS

/* Returns extra spellings of a keyword ("k8s" for "Kubernetes") as a
 * NULL-terminated array, or NULL. The skills taxonomy plugs in here. */
typedef char **(*SlKeywordAliasFunc) (const char *keyword,
                                      gpointer    user_data);

typedef struct
{
  const char         *question;          /* may be NULL */
  const char * const *keywords;          /* expected keywords, may be NULL */
  gboolean            expect_star;       /* behavioural question: look for STAR */
  double              suggested_seconds; /* 0 when unknown */
  SlKeywordAliasFunc  alias_func;        /* NULL: the default set with
                                          * sl_answer_analysis_set_default_alias_func */
  gpointer            alias_data;
} SlAnswerAnalysisInput;

/* A filler found in the transcript: words [word_index, word_index + n_words). */
typedef struct
{
  const char *filler;       /* canonical: "um", "uh", "er", "like", "you know", … */
  guint       word_index;
  guint       n_words;
} SlAnswerFiller;

typedef struct
{
  /*< public, read-only >*/
  double              duration_s;
  double              speaking_s;
  guint               words;
  double              wpm;
  gboolean            wpm_from_audio;     /* no transcript: syllable estimate */
  double              wpm_audio_estimate; /* from syllable nuclei; < 0 without audio */
  guint               filler_total;
  double              fillers_per_minute;
  GHashTable         *fillers_by_word;    /* char* → GUINT_TO_POINTER (count) */
  GArray             *fillers;            /* SlAnswerFiller */
  guint               long_pauses;
  GArray             *pauses;             /* SlAudioSpan, ≥ 0.3 s */
  double              keyword_coverage;   /* 0–1; 1 when no keywords were expected */
  GPtrArray          *matched_keywords;
  GPtrArray          *missing_keywords;
  GArray             *keyword_words;      /* guint word indexes, for highlighting */
  gboolean            star_situation;
  gboolean            star_task;
  gboolean            star_action;
  gboolean            star_result;
  guint               specifics;          /* numbers and outcome words */
  double              repetition;         /* share of repeated word pairs, 0–1 */
  char               *repeated_word;      /* most overused content word, or NULL */
  guint               repeated_count;
  double              loudness_dbfs;      /* −100 without audio */
  double              pitch_variation_st; /* < 0 without voiced audio */
  double              length_ratio;       /* speaking time / suggested; 0 if unknown */
  int                 score_content;
  int                 score_delivery;
  int                 score_overall;
  GPtrArray          *tips;               /* translated sentences, most useful first */
  SlSpeechTranscript *transcript;         /* may be NULL */
  SlAudioFeatures    *audio;              /* may be NULL */

  /*< private >*/
  gatomicrefcount     ref_count;
} SlAnswerAnalysis;

#define SL_TYPE_ANSWER_ANALYSIS (sl_answer_analysis_get_type ())

GType             sl_answer_analysis_get_type             (void) G_GNUC_CONST;
SlAnswerAnalysis *sl_answer_analysis_ref                  (SlAnswerAnalysis            *self);
void              sl_answer_analysis_unref                (SlAnswerAnalysis            *self);

/* Either transcript or audio may be NULL, not both. Pure: same input,
 * same output. */
SlAnswerAnalysis *sl_answer_analyze                       (SlSpeechTranscript          *transcript,
                                                           SlAudioFeatures             *audio,
                                                           const SlAnswerAnalysisInput *input) G_GNUC_WARN_UNUSED_RESULT;
/* The CLI contract of "interview analyze". */
JsonNode         *sl_answer_analysis_to_json              (SlAnswerAnalysis            *self) G_GNUC_WARN_UNUSED_RESULT;

void              sl_answer_analysis_set_default_alias_func (SlKeywordAliasFunc         func,
                                                             gpointer                   user_data);

/* Building blocks, exposed for the UI (highlighting) and tests. */
GArray           *sl_answer_find_fillers                  (SlSpeechTranscript          *transcript) G_GNUC_WARN_UNUSED_RESULT;
char             *sl_answer_stem                          (const char                  *word) G_GNUC_WARN_UNUSED_RESULT;
guint             sl_answer_count_syllables               (const char                  *word);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlAnswerAnalysis, sl_answer_analysis_unref)

G_END_DECLS
