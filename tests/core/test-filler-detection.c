/* Filler words from the audio: the steady-run cue on synthetic signals,
 * and the local transcriber's hesitations ("um", "uh", "er") on espeak-ng
 * clips with known filler times (tests/data/speech/espeak/filler-times.jsonl)
 * and on natural clips that contain none. */
#include "config.h"

#include <json-glib/json-glib.h>
#include <math.h>

#include "sl-answer-analysis.h"
#include "sl-audio-analysis.h"
#include "sl-transcriber-pocketsphinx.h"

#define RATE 16000

/* A voiced sound: harmonics of f0 under a fixed vowel-like envelope. */
static void
add_voiced (float  *out,
            gsize   n,
            double  f0_start,
            double  f0_end,
            double  formant_hz)
{
  double phase = 0;

  for (gsize i = 0; i < n; i++)
    {
      double f0 = f0_start + (f0_end - f0_start) * i / n;
      double v = 0;

      phase += 2 * G_PI * f0 / RATE;
      for (int h = 1; h * f0 < 4000; h++)
        v += sin (h * phase) * exp (-pow ((h * f0 - formant_hz) / 400.0, 2)) / h;
      out[i] += 0.3 * v;
    }
}

static void
test_steady_runs (void)
{
  gsize n = RATE * 2;
  g_autofree float *samples = g_new0 (float, n);
  g_autoptr(GArray) runs = NULL;
  SlAudioSpan *run;
  double held = 0;

  /* 0.2–0.7 s: a held vowel on a level pitch. 1.0–1.6 s: "syllables"
   * that change vowel and pitch every 60 ms, as words do. */
  add_voiced (samples + RATE / 5, RATE / 2, 120, 122, 700);
  for (guint k = 0; k < 10; k++)
    add_voiced (samples + RATE + k * RATE * 6 / 100, RATE * 6 / 100,
                k % 2 ? 110 : 150, k % 2 ? 150 : 110, k % 2 ? 500 : 2000);

  runs = sl_audio_find_steady_runs (samples, n, RATE, 0.1);
  for (guint i = 0; i < runs->len; i++)
    {
      run = &g_array_index (runs, SlAudioSpan, i);
      g_test_message ("steady run %.2f-%.2f s", run->start_s, run->end_s);
      /* Every run of 0.1 s or more lies in the held vowel… */
      g_assert_cmpfloat (run->start_s, >=, 0.18);
      g_assert_cmpfloat (run->end_s, <=, 0.72);
      held += run->end_s - run->start_s;
    }
  /* …and covers at least half of it (the detector splits this synthetic
   * vowel in two, 0.22–0.41 s and 0.43–0.55 s, for a reason not yet
   * looked into). */
  g_assert_cmpfloat (held, >=, 0.25);

  /* Silence has none. */
  {
    g_autofree float *silence = g_new0 (float, RATE);
    g_autoptr(GArray) none = sl_audio_find_steady_runs (silence, RATE, RATE, 0.0);

    g_assert_cmpuint (none->len, ==, 0);
  }
}

typedef struct
{
  guint said;
  guint detected;
  guint matched;
} Counts;

static gboolean
is_hesitation (const char *norm)
{
  return g_strv_contains ((const char * const[]) { "um", "uh", "er", "hmm", NULL }, norm);
}

static Counts
detect (SlTranscriber *transcriber,
        const char    *dir,
        const char    *file,
        JsonArray     *truth)
{
  g_autofree char *wav = g_test_build_filename (G_TEST_DIST, "data", "speech", dir, file, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SlSpeechTranscript) transcript = sl_transcriber_transcribe (transcriber, wav, NULL, NULL, &error);
  g_autoptr(SlAnswerAnalysis) analysis = NULL;
  g_autofree gboolean *used = NULL;
  Counts counts = { 0 };
  guint from_analysis = 0;

  g_assert_no_error (error);
  used = g_new0 (gboolean, truth != NULL ? json_array_get_length (truth) + 1 : 1);
  for (guint i = 0; truth != NULL && i < json_array_get_length (truth); i++)
    {
      const char *filler = json_object_get_string_member (json_array_get_object_element (truth, i), "filler");

      counts.said += is_hesitation (filler);
    }
  for (guint w = 0; w < sl_speech_transcript_get_n_words (transcript); w++)
    {
      const SlSpeechWord *word = sl_speech_transcript_get_word (transcript, w);

      if (!is_hesitation (word->norm))
        continue;
      counts.detected++;
      for (guint i = 0; truth != NULL && i < json_array_get_length (truth); i++)
        {
          JsonObject *t = json_array_get_object_element (truth, i);

          if (!used[i] && is_hesitation (json_object_get_string_member (t, "filler")) &&
              word->start_s < json_object_get_double_member (t, "end_s") + 0.15 &&
              word->end_s > json_object_get_double_member (t, "start_s") - 0.15)
            {
              used[i] = TRUE;
              counts.matched++;
              break;
            }
        }
    }

  /* The analysis counts exactly the hesitations in the transcript. */
  analysis = sl_answer_analyze (transcript, NULL, NULL);
  for (const char * const *h = (const char * const[]) { "um", "uh", "er", "hmm", NULL }; *h != NULL; h++)
    from_analysis += GPOINTER_TO_UINT (g_hash_table_lookup (analysis->fillers_by_word, *h));
  g_assert_cmpuint (from_analysis, ==, counts.detected);

  g_test_message ("%s: said %u, detected %u, matched %u", file, counts.said, counts.detected, counts.matched);
  return counts;
}

static void
test_espeak_fillers (void)
{
  g_autoptr(SlTranscriber) transcriber = sl_transcriber_pocketsphinx_new ();
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "speech", "espeak", "filler-times.jsonl", NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  Counts total = { 0 };

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonObject *record;
      Counts c;
      const char *file;

      if (*lines[i] == '\0')
        continue;
      g_assert_true (json_parser_load_from_data (parser, lines[i], -1, NULL));
      record = json_node_get_object (json_parser_get_root (parser));
      file = json_object_get_string_member (record, "file");
      if (!g_strv_contains ((const char * const[]) { "q01_110.wav", "q03_110.wav", "q07_140.wav", NULL }, file))
        continue;
      c = detect (transcriber, "espeak", file, json_object_get_array_member (record, "fillers"));
      total.said += c.said;
      total.detected += c.detected;
      total.matched += c.matched;
    }
  g_test_message ("espeak-ng: said %u, detected %u, matched %u", total.said, total.detected, total.matched);
  g_assert_cmpuint (total.said, ==, 7);
  /* Three clips on which detection works (7 of 7 found, none extra when
   * this test was written; tests/bench/bench-fillers.c has the figures
   * over every clip, which are worse). A regression test: the bounds
   * leave room for one miss and one extra, and fail if detection breaks
   * or starts inventing fillers. */
  g_assert_cmpuint (total.matched, >=, 6);
  g_assert_cmpuint (total.detected, <=, total.said + 1);
}

static void
test_no_fillers (void)
{
  g_autoptr(SlTranscriber) transcriber = sl_transcriber_pocketsphinx_new ();
  guint detected = 0;

  /* Read and spoken speech with no hesitation in its transcript (61 s;
   * one was detected in these when this test was written, JFK's drawled
   * "so"). In LJ001-0001 and LJ001-0005 the detector without the
   * syllable check heard three ("printing", "differs" and "resulting"
   * standing alone); in LJ001-0006 and the JFK clip the detector without
   * the checks of sure words and clip edges heard four (the "and" that
   * opens LJ001-0006 at the clip's edge, JFK's "and" and "so", and the
   * end of his last word at the clip's edge). */
  for (const char * const *f = (const char * const[]) { "LJ001-0003.wav", "LJ001-0004.wav", "librispeech-2412-153948-0000.wav",
                                                        "LJ001-0001.wav", "LJ001-0005.wav", "LJ001-0006.wav",
                                                        "jfk-inaugural-1961.wav", NULL }; *f != NULL; f++)
    detected += detect (transcriber, "real", *f, NULL).detected;
  g_assert_cmpuint (detected, <=, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sl/audio-analysis/steady-runs", test_steady_runs);
  g_test_add_func ("/sl/filler-detection/espeak", test_espeak_fillers);
  g_test_add_func ("/sl/filler-detection/no-fillers", test_no_fillers);

  return g_test_run ();
}
