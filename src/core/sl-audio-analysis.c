#define G_LOG_DOMAIN "sl-audio-analysis"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sl-audio-analysis.h"

G_DEFINE_BOXED_TYPE (SlAudioFeatures, sl_audio_features, sl_audio_features_ref, sl_audio_features_unref)

/* Silences shorter than this inside speech are gaps between syllables,
 * not pauses; speech bursts shorter than MIN_BURST_S are clicks. */
#define MIN_PAUSE_S    0.30
#define MIN_BURST_S    0.05
#define BRIDGE_S       0.15
#define SENTENCE_BREAK_S 0.50
#define PITCH_MIN_HZ   70.0
#define PITCH_MAX_HZ   400.0
#define VOICED_R       0.50
/* A syllable nucleus must rise this far above the dip before it. */
#define NUCLEUS_DIP_DB 2.0
#define STEADY_PITCH_ST 3.0   /* from the run's mean */
#define STEADY_STEP_ST  1.0   /* from the frame before */
#define STEADY_CHANGE   0.8
#define NUCLEUS_GAP_S  0.09

SlAudioFeatures *
sl_audio_features_ref (SlAudioFeatures *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
sl_audio_features_unref (SlAudioFeatures *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      g_clear_pointer (&self->pauses, g_array_unref);
      g_clear_pointer (&self->frame_db, g_array_unref);
      g_clear_pointer (&self->frame_speech, g_array_unref);
      g_free (self);
    }
}

void
sl_audio_analysis_options_init (SlAudioAnalysisOptions *options)
{
  g_return_if_fail (options != NULL);

  options->long_pause_s = 2.0;
  options->hesitation_s = 1.0;
}

double
sl_audio_rms_dbfs (const float *samples,
                   gsize        n_samples)
{
  double sum = 0;

  if (n_samples == 0)
    return -100;
  for (gsize i = 0; i < n_samples; i++)
    sum += (double)samples[i] * samples[i];
  return MAX (-100.0, 10.0 * log10 (sum / n_samples + 1e-12));
}

static int
cmp_float (const void *a,
           const void *b)
{
  float x = *(const float *)a;
  float y = *(const float *)b;

  return (x > y) - (x < y);
}

static double
percentile (const float *values,
            gsize        n,
            double       p)
{
  g_autofree float *copy = NULL;
  gsize index;

  if (n == 0)
    return 0;
  copy = g_memdup2 (values, n * sizeof (float));
  qsort (copy, n, sizeof (float), cmp_float);
  index = (gsize)(p * (n - 1) + 0.5);
  return copy[MIN (index, n - 1)];
}

/* Normalised autocorrelation pitch for a window starting at x; returns 0
 * when the window is not clearly periodic. */
static double
frame_pitch (const float *x,
             gsize        window,
             int          rate)
{
  int min_lag = (int)(rate / PITCH_MAX_HZ);
  int max_lag = (int)(rate / PITCH_MIN_HZ);
  double energy0 = 0;
  double best_r = 0;
  int best_lag = 0;
  g_autofree double *r = g_new0 (double, max_lag + 2);
  gsize n;

  if ((gsize)max_lag * 2 > window)
    return 0;
  n = window - max_lag;
  for (gsize i = 0; i < n; i++)
    energy0 += (double)x[i] * x[i];
  if (energy0 <= 1e-9)
    return 0;

  for (int lag = min_lag; lag <= max_lag; lag++)
    {
      double dot = 0;
      double energy1 = 0;

      for (gsize i = 0; i < n; i++)
        {
          dot += (double)x[i] * x[i + lag];
          energy1 += (double)x[i + lag] * x[i + lag];
        }
      r[lag] = energy1 > 0 ? dot / sqrt (energy0 * energy1) : 0;
      if (r[lag] > best_r)
        {
          best_r = r[lag];
          best_lag = lag;
        }
    }
  if (best_r < VOICED_R || best_lag == 0)
    return 0;

  /* Prefer the shortest lag nearly as good as the best: a period's
   * multiples correlate as well as the period itself (octave errors). */
  for (int div = 4; div >= 2; div--)
    {
      int lag = best_lag / div;

      if (lag >= min_lag)
        {
          for (int l = MAX (min_lag, lag - 2); l <= MIN (max_lag, lag + 2); l++)
            {
              if (r[l] > 0.9 * best_r)
                return (double)rate / l;
            }
        }
    }
  return (double)rate / best_lag;
}

SlAudioFeatures *
sl_audio_analyze (const float                  *samples,
                  gsize                         n_samples,
                  int                           rate,
                  const SlAudioAnalysisOptions *options)
{
  SlAudioAnalysisOptions defaults;
  SlAudioFeatures *self;
  gsize hop;
  gsize window;
  gsize n_frames;
  g_autofree float *db = NULL;
  g_autofree float *band_db = NULL;
  g_autofree float *pitch = NULL;
  g_autofree guint8 *speech = NULL;
  g_autofree float *band = NULL;
  g_autoptr(GArray) speech_db = NULL;
  g_autoptr(GArray) semitones = NULL;
  double floor_db;
  double high_db;
  double threshold;
  gssize first = -1;
  gssize last = -1;
  double silent_total = 0;
  guint voiced = 0;
  guint speech_frames = 0;

  g_return_val_if_fail (samples != NULL || n_samples == 0, NULL);
  g_return_val_if_fail (rate >= 8000 && rate <= 192000, NULL);

  if (options == NULL)
    {
      sl_audio_analysis_options_init (&defaults);
      options = &defaults;
    }

  self = g_new0 (SlAudioFeatures, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->pauses = g_array_new (FALSE, FALSE, sizeof (SlAudioSpan));
  self->frame_db = g_array_new (FALSE, FALSE, sizeof (float));
  self->frame_speech = g_array_new (FALSE, FALSE, sizeof (guint8));
  self->duration_s = (double)n_samples / rate;
  self->loudness_dbfs = -100;

  hop = (gsize)(rate * SL_AUDIO_FRAME_S);
  window = hop * 3;
  n_frames = n_samples / hop;
  if (n_frames == 0)
    return self;

  /* A band-limited copy (about 300–2500 Hz, two one-pole filters) for the
   * syllable envelope: vowels carry their energy there, fricatives and
   * rumble do not. */
  band = g_new (float, n_samples);
  {
    double hp_a = exp (-2 * G_PI * 300.0 / rate);
    double lp_a = exp (-2 * G_PI * 2500.0 / rate);
    double prev_x = 0, hp = 0, lp = 0;

    for (gsize i = 0; i < n_samples; i++)
      {
        hp = hp_a * (hp + samples[i] - prev_x);
        prev_x = samples[i];
        lp = (1 - lp_a) * hp + lp_a * lp;
        band[i] = (float)lp;
      }
  }

  db = g_new (float, n_frames);
  band_db = g_new (float, n_frames);
  for (gsize f = 0; f < n_frames; f++)
    {
      gsize start = f * hop;
      gsize centre = start + hop / 2;
      gsize w_start = centre > window / 2 ? centre - window / 2 : 0;
      gsize w_len = MIN (window, n_samples - w_start);

      db[f] = (float)sl_audio_rms_dbfs (samples + w_start, w_len);
      band_db[f] = (float)sl_audio_rms_dbfs (band + w_start, w_len);
      g_array_append_val (self->frame_db, db[f]);
    }

  /* Energy-based voice activity: the threshold sits between the noise
   * floor and the speech level, and never below −55 dBFS. */
  floor_db = percentile (db, n_frames, 0.10);
  high_db = percentile (db, n_frames, 0.95);
  threshold = MAX (-55.0, MAX (high_db - 35.0, floor_db + 0.35 * (high_db - floor_db)));
  if (high_db - floor_db < 6.0)
    threshold = MAX (threshold, high_db + 1);  /* flat noise or silence: no speech */

  speech = g_new0 (guint8, n_frames);
  for (gsize f = 0; f < n_frames; f++)
    speech[f] = db[f] >= threshold;

  /* Bridge short gaps, then drop clicks. */
  {
    gsize bridge = (gsize)(BRIDGE_S / SL_AUDIO_FRAME_S);
    gsize burst = (gsize)(MIN_BURST_S / SL_AUDIO_FRAME_S);
    gsize f = 0;

    while (f < n_frames)
      {
        gsize run_end = f;

        while (run_end < n_frames && speech[run_end] == speech[f])
          run_end++;
        if (!speech[f] && f > 0 && run_end < n_frames && run_end - f <= bridge)
          memset (speech + f, 1, run_end - f);
        f = run_end;
      }
    f = 0;
    while (f < n_frames)
      {
        gsize run_end = f;

        while (run_end < n_frames && speech[run_end] == speech[f])
          run_end++;
        if (speech[f] && run_end - f < burst)
          memset (speech + f, 0, run_end - f);
        f = run_end;
      }
  }

  for (gsize f = 0; f < n_frames; f++)
    {
      g_array_append_val (self->frame_speech, speech[f]);
      if (speech[f])
        {
          if (first < 0)
            first = f;
          last = f;
        }
    }
  if (first < 0)
    return self;

  self->speech_start_s = first * SL_AUDIO_FRAME_S;
  self->speech_end_s = (last + 1) * SL_AUDIO_FRAME_S;

  /* Silences between the first and last speech frames. */
  {
    gsize f = first;

    while (f <= (gsize)last)
      {
        gsize run_end = f;

        while (run_end <= (gsize)last && speech[run_end] == speech[f])
          run_end++;
        if (!speech[f])
          {
            double len = (run_end - f) * SL_AUDIO_FRAME_S;

            if (len >= MIN_PAUSE_S)
              {
                SlAudioSpan span = { f * SL_AUDIO_FRAME_S, run_end * SL_AUDIO_FRAME_S };

                g_array_append_val (self->pauses, span);
              }
            if (len >= options->long_pause_s)
              self->long_pauses++;
            /* A sentence break of up to half a second is part of
             * speaking; only the excess of a hesitation is not. */
            if (len >= options->hesitation_s)
              silent_total += len - SENTENCE_BREAK_S;
          }
        f = run_end;
      }
  }
  self->speaking_s = MAX (0.0, self->speech_end_s - self->speech_start_s - silent_total);

  /* Pitch on speech frames, every other frame to halve the cost. */
  pitch = g_new0 (float, n_frames);
  semitones = g_array_new (FALSE, FALSE, sizeof (float));
  speech_db = g_array_new (FALSE, FALSE, sizeof (float));
  {
    gsize pitch_window = (gsize)(rate * 0.04);

    for (gsize f = first; f <= (gsize)last; f++)
      {
        gsize start = f * hop;

        if (!speech[f])
          continue;
        speech_frames++;
        g_array_append_val (speech_db, db[f]);
        if (f % 2 != 0 || start + pitch_window > n_samples)
          {
            if (f > 0)
              pitch[f] = pitch[f - 1];
            continue;
          }
        pitch[f] = (float)frame_pitch (samples + start, pitch_window, rate);
      }
  }
  for (gsize f = first; f <= (gsize)last; f++)
    {
      if (speech[f] && pitch[f] > 0)
        voiced++;
    }
  self->voiced_fraction = speech_frames > 0 ? (double)voiced / speech_frames : 0;
  if (speech_db->len > 0)
    {
      double sum = 0;

      for (guint i = 0; i < speech_db->len; i++)
        sum += pow (10.0, g_array_index (speech_db, float, i) / 10.0);
      self->loudness_dbfs = 10.0 * log10 (sum / speech_db->len + 1e-12);
      self->loudness_range_db = percentile ((float *)speech_db->data, speech_db->len, 0.9) -
                                percentile ((float *)speech_db->data, speech_db->len, 0.1);
    }

  if (voiced > 0)
    {
      g_autoptr(GArray) hz = g_array_new (FALSE, FALSE, sizeof (float));
      double median;
      double mean = 0;
      double var = 0;

      for (gsize f = first; f <= (gsize)last; f++)
        {
          if (speech[f] && pitch[f] > 0 && f % 2 == 0)
            g_array_append_val (hz, pitch[f]);
        }
      median = hz->len > 0 ? percentile ((float *)hz->data, hz->len, 0.5) : 0;
      self->pitch_median_hz = median;
      for (guint i = 0; i < hz->len && median > 0; i++)
        {
          float st = (float)(12.0 * log2 (g_array_index (hz, float, i) / median));

          /* More than an octave away is a tracking error, not intonation. */
          if (fabsf (st) <= 12.0f)
            g_array_append_val (semitones, st);
        }
      for (guint i = 0; i < semitones->len; i++)
        mean += g_array_index (semitones, float, i);
      mean = semitones->len > 0 ? mean / semitones->len : 0;
      for (guint i = 0; i < semitones->len; i++)
        {
          double d = g_array_index (semitones, float, i) - mean;

          var += d * d;
        }
      self->pitch_variation_st = semitones->len > 1 ? sqrt (var / (semitones->len - 1)) : 0;
    }

  /* Syllable nuclei (after de Jong and Wempe): peaks of the smoothed
   * band envelope that are voiced, above the speech threshold, and rise
   * at least NUCLEUS_DIP_DB above the lowest point since the last peak. */
  {
    g_autofree float *smooth = g_new (float, n_frames);
    gsize min_gap = (gsize)(NUCLEUS_GAP_S / SL_AUDIO_FRAME_S);
    double band_high = percentile (band_db, n_frames, 0.95);
    double band_threshold = MAX (threshold - 6.0, band_high - 25.0);
    double dip = G_MAXDOUBLE;
    gssize last_peak = -1000;
    gssize candidate = -1;

    for (gsize f = 0; f < n_frames; f++)
      {
        double sum = 0;
        int count = 0;

        for (gssize k = (gssize)f - 2; k <= (gssize)f + 2; k++)
          {
            if (k >= 0 && (gsize)k < n_frames)
              {
                sum += band_db[k];
                count++;
              }
          }
        smooth[f] = (float)(sum / count);
      }

    for (gsize f = 1; f + 1 < n_frames; f++)
      {
        gboolean is_voiced = FALSE;

        if (smooth[f] < dip)
          dip = smooth[f];
        if (!(smooth[f] >= smooth[f - 1] && smooth[f] > smooth[f + 1]))
          continue;
        if (!speech[f] || smooth[f] < band_threshold || smooth[f] - dip < NUCLEUS_DIP_DB)
          continue;
        for (gssize k = (gssize)f - 3; k <= (gssize)f + 3; k++)
          {
            if (k >= 0 && (gsize)k < n_frames && pitch[k] > 0)
              is_voiced = TRUE;
          }
        if (!is_voiced)
          continue;
        if ((gssize)f - last_peak < (gssize)min_gap)
          {
            /* Two peaks too close together: keep the louder one. */
            if (candidate >= 0 && smooth[f] > smooth[candidate])
              {
                candidate = f;
                last_peak = f;
              }
            continue;
          }
        self->syllables++;
        candidate = f;
        last_peak = f;
        dip = smooth[f];
      }
  }
  if (self->speaking_s > 0)
    self->syllables_per_minute = self->syllables * 60.0 / self->speaking_s;

  return self;
}

/* Log energies of a Hann-windowed frame in N_BANDS bands of equal width
 * from 150 Hz to 4 kHz, each the sum of Goertzel probes every 25 Hz (the
 * DFT sampled finely enough not to fall between harmonics), normalised
 * to zero mean so that loudness does not count. */
#define N_BANDS 12
#define BAND_LOW_HZ 150.0
#define BAND_HIGH_HZ 4000.0
#define PROBE_STEP_HZ 25.0

static void
frame_bands (const float *x,
             gsize        window,
             int          rate,
             double      *bands)
{
  double band_hz = (BAND_HIGH_HZ - BAND_LOW_HZ) / N_BANDS;
  double mean = 0;
  g_autofree double *xw = g_new (double, window);

  for (gsize i = 0; i < window; i++)
    xw[i] = x[i] * (0.5 - 0.5 * cos (2 * G_PI * i / (window - 1)));
  for (int b = 0; b < N_BANDS; b++)
    {
      double energy = 0;

      for (double hz = BAND_LOW_HZ + b * band_hz; hz < BAND_LOW_HZ + (b + 1) * band_hz; hz += PROBE_STEP_HZ)
        {
          double coeff = 2 * cos (2 * G_PI * hz / rate);
          double s1 = 0, s2 = 0;

          for (gsize i = 0; i < window; i++)
            {
              double s = xw[i] + coeff * s1 - s2;

              s2 = s1;
              s1 = s;
            }
          energy += s1 * s1 + s2 * s2 - coeff * s1 * s2;
        }
      bands[b] = log (energy + 1e-10);
      mean += bands[b];
    }
  mean /= N_BANDS;
  for (int b = 0; b < N_BANDS; b++)
    bands[b] -= mean;
}

GArray *
sl_audio_find_steady_runs (const float *samples,
                           gsize        n_samples,
                           int          rate,
                           double       min_s)
{
  gsize window = (gsize)(rate * 0.04);
  gsize hop = (gsize)(rate * 0.01);
  gsize n_frames = n_samples >= window ? (n_samples - window) / hop + 1 : 0;
  GArray *runs = g_array_new (FALSE, FALSE, sizeof (SlAudioSpan));
  double prev[N_BANDS];
  double run_st = 0;
  double prev_st = 0;
  guint run_frames = 0;
  gsize run_start = 0;
  guint misses = 0;

  g_return_val_if_fail (samples != NULL || n_samples == 0, runs);
  g_return_val_if_fail (rate >= 8000 && rate <= 48000, runs);

  /* A frame continues the run when it is voiced, its pitch within
   * STEADY_STEP_ST of the frame before and STEADY_PITCH_ST of the run's
   * mean, and its spectrum moved less than STEADY_CHANGE from the frame
   * before; one odd frame is forgiven. */
  for (gsize f = 0; f <= n_frames; f++)
    {
      gboolean steady = FALSE;
      double bands[N_BANDS];
      double st = 0;

      if (f < n_frames)
        {
          const float *x = samples + f * hop;
          double hz = frame_pitch (x, window, rate);

          if (hz > 0)
            {
              st = 12 * log2 (hz / 100.0);
              frame_bands (x, window, rate, bands);
              if (run_frames == 0)
                steady = TRUE;
              else
                {
                  double d = 0;

                  for (int b = 0; b < N_BANDS; b++)
                    d += (bands[b] - prev[b]) * (bands[b] - prev[b]);
                  steady = fabs (st - run_st) <= STEADY_PITCH_ST && fabs (st - prev_st) <= STEADY_STEP_ST &&
                           sqrt (d / N_BANDS) <= STEADY_CHANGE;
                }
            }
        }
      if (steady)
        {
          if (run_frames == 0)
            run_start = f;
          run_st = (run_st * run_frames + st) / (run_frames + 1);
          run_frames++;
          misses = 0;
          prev_st = st;
          memcpy (prev, bands, sizeof prev);
          continue;
        }
      if (run_frames > 0 && f < n_frames && misses == 0 && st != 0)
        {
          /* The next frame is compared with this one. */
          misses++;
          prev_st = st;
          memcpy (prev, bands, sizeof prev);
          continue;
        }
      if (run_frames > 0)
        {
          /* The run covers its frames' centres, from the first to the last
           * steady one. */
          gsize end = f - misses;
          SlAudioSpan span = { (run_start * hop + window / 2.0) / rate,
                               ((end - 1) * hop + window / 2.0) / rate };

          if (span.end_s - span.start_s >= min_s)
            g_array_append_val (runs, span);
        }
      run_frames = 0;
      misses = 0;
      run_st = 0;
      /* This frame may start the next run. */
      if (f < n_frames && st != 0)
        {
          run_start = f;
          run_st = st;
          prev_st = st;
          run_frames = 1;
          memcpy (prev, bands, sizeof prev);
        }
    }
  return runs;
}
