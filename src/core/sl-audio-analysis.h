#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* A stretch of time in seconds from the start of the audio. */
typedef struct
{
  double start_s;
  double end_s;
} SlAudioSpan;

/* Pure measurements of one mono recording; no I/O, no state. */
typedef struct
{
  /*< public >*/
  double  duration_s;
  double  speech_start_s;       /* first voice activity, or 0 when none */
  double  speech_end_s;
  double  speaking_s;           /* speech span minus silences ≥ hesitation_s */
  GArray *pauses;               /* SlAudioSpan: silences ≥ 0.3 s between speech */
  guint   long_pauses;          /* silences ≥ long_pause_s */
  guint   syllables;            /* syllable nuclei (voiced intensity peaks) */
  double  syllables_per_minute; /* over speaking_s */
  double  loudness_dbfs;        /* mean RMS level of speech frames */
  double  loudness_range_db;    /* 90th minus 10th percentile of speech frames */
  double  pitch_median_hz;      /* 0 when nothing was voiced */
  double  pitch_variation_st;   /* standard deviation in semitones */
  double  voiced_fraction;      /* voiced share of speech frames */
  /* One value per 10 ms frame, for meters and timelines. */
  GArray *frame_db;             /* float, dBFS */
  GArray *frame_speech;         /* guint8, 1 = voice activity */

  /*< private >*/
  gatomicrefcount ref_count;
} SlAudioFeatures;

typedef struct
{
  double long_pause_s;          /* 2.0 */
  double hesitation_s;          /* silences at least this long are not speaking time: 1.0 */
} SlAudioAnalysisOptions;

#define SL_AUDIO_FRAME_S 0.010

#define SL_TYPE_AUDIO_FEATURES (sl_audio_features_get_type ())

GType            sl_audio_features_get_type (void) G_GNUC_CONST;
SlAudioFeatures *sl_audio_features_ref      (SlAudioFeatures *self);
void             sl_audio_features_unref    (SlAudioFeatures *self);

void             sl_audio_analysis_options_init (SlAudioAnalysisOptions *options);
/* samples: mono, any scale within [-1, 1]; rate: 8000–48000 Hz.
 * options may be NULL for the defaults. */
SlAudioFeatures *sl_audio_analyze           (const float                  *samples,
                                             gsize                         n_samples,
                                             int                           rate,
                                             const SlAudioAnalysisOptions *options) G_GNUC_WARN_UNUSED_RESULT;
/* RMS level of a block in dBFS (floor −100), for live meters. */
double           sl_audio_rms_dbfs          (const float                  *samples,
                                             gsize                         n_samples);

/* Steady voiced runs: stretches at least min_s long where every 10 ms
 * frame is voiced, its pitch stays within 1.5 semitones of the run's
 * mean and its spectrum (12 band log energies, 150 Hz–4 kHz) hardly
 * moves from one frame to the next. A held vowel or nasal is one run;
 * words, whose sounds keep changing, break into short ones. This is the
 * audio cue for filled pauses ("um", "uh", "er"). Returns SlAudioSpan
 * in time order; samples: mono, rate 8000–48000 Hz; pure. */
GArray          *sl_audio_find_steady_runs  (const float                  *samples,
                                             gsize                         n_samples,
                                             int                           rate,
                                             double                        min_s) G_GNUC_WARN_UNUSED_RESULT;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlAudioFeatures, sl_audio_features_unref)

G_END_DECLS
