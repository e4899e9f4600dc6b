/* Measures the local transcriber: word error rate on the natural clips
 * (tests/data/speech/real) and on flite speech rendered here, its
 * real-time factor, and how well "um" is spotted in the espeak-ng clips.
 * Run with: meson test -C build --suite bench bench-speech -v */
#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

#include "sl-speech-audio.h"
#include "sl-transcriber-pocketsphinx.h"

/* Sentences for flite: interview-style answers without fillers. */
static const char * const flite_sentences[] = {
  "In my last role I led the migration of our billing system to a new database.",
  "We moved forty services in six months and the invoices were never late.",
  "I think my biggest strength is attention to detail.",
  "The hardest bug I fixed was a race condition in a cache.",
  "We added versioned keys and a small lock and the errors disappeared.",
  "I would describe my management style as collaborative.",
  "I try to set clear goals and then get out of the way.",
  "A designer and I disagreed about the checkout flow.",
  "We ran a small test with two hundred users and the data settled it.",
  "I left my previous company because I wanted to work on products that customers use every day.",
  "Now I keep a written list of commitments and check it before I agree to anything new.",
  "In five years I see myself leading a small platform team.",
};

static GStrv
normalise_words (const char *text)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GString) word = g_string_new (NULL);

  for (const char *p = text; ; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c != 0 && (g_unichar_isalnum (c) || c == '\''))
        {
          g_string_append_unichar (word, g_unichar_tolower (c));
          continue;
        }
      if (word->len > 0)
        {
          g_strv_builder_add (builder, word->str);
          g_string_truncate (word, 0);
        }
      if (c == 0)
        break;
    }
  return g_strv_builder_end (builder);
}

/* Word-level Levenshtein distance: substitutions + deletions + insertions. */
static guint
edit_distance (GStrv ref,
               GStrv hyp)
{
  guint n = g_strv_length (ref);
  guint m = g_strv_length (hyp);
  g_autofree guint *prev = g_new (guint, m + 1);
  g_autofree guint *cur = g_new (guint, m + 1);

  for (guint j = 0; j <= m; j++)
    prev[j] = j;
  for (guint i = 1; i <= n; i++)
    {
      cur[0] = i;
      for (guint j = 1; j <= m; j++)
        {
          guint sub = prev[j - 1] + (g_str_equal (ref[i - 1], hyp[j - 1]) ? 0 : 1);

          cur[j] = MIN (sub, MIN (prev[j] + 1, cur[j - 1] + 1));
        }
      memcpy (prev, cur, (m + 1) * sizeof (guint));
    }
  return prev[m];
}

typedef struct
{
  guint  errors;
  guint  ref_words;
  double audio_s;
  double wall_s;
  double cpu_s;
} Score;

/* CPU time of the process: wall time on a shared machine says more
 * about the neighbours than about the recogniser. */
static double
cpu_seconds (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 + usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
}

static void
score_one (SlTranscriber *transcriber,
           const char    *wav,
           const char    *reference,
           const char    *label,
           Score         *score)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlSpeechTranscript) transcript = NULL;
  g_auto(GStrv) ref = normalise_words (reference);
  g_auto(GStrv) hyp = NULL;
  gint64 start = g_get_monotonic_time ();
  double cpu_start = cpu_seconds ();
  double elapsed;
  guint errors;

  transcript = sl_transcriber_transcribe (transcriber, wav, NULL, NULL, &error);
  g_assert_no_error (error);
  elapsed = (g_get_monotonic_time () - start) / (double)G_USEC_PER_SEC;
  /* Spotted fillers are not words of the reference text. */
  {
    g_autoptr(GString) words = g_string_new (NULL);

    for (guint i = 0; i < sl_speech_transcript_get_n_words (transcript); i++)
      {
        const char *w = sl_speech_transcript_get_word (transcript, i)->norm;

        if (!g_strv_contains ((const char * const[]) { "um", "uh", "er", "hmm", NULL }, w))
          g_string_append_printf (words, "%s ", w);
      }
    hyp = normalise_words (words->str);
  }
  errors = edit_distance (ref, hyp);
  score->errors += errors;
  score->ref_words += g_strv_length (ref);
  score->audio_s += sl_speech_transcript_get_duration (transcript);
  score->wall_s += elapsed;
  score->cpu_s += cpu_seconds () - cpu_start;
  g_test_message ("%-36s WER %5.1f %%  (%u/%u)  %.2f s for %.2f s of audio",
                  label, 100.0 * errors / MAX (1, g_strv_length (ref)), errors, g_strv_length (ref),
                  elapsed, sl_speech_transcript_get_duration (transcript));
}

static void
report (const char *what,
        Score      *score)
{
  g_test_message ("%s: WER %.1f %% (%u errors / %u words), real-time factor %.2f CPU / %.2f wall "
                  "(%.1f s CPU, %.1f s wall for %.1f s of audio)",
                  what, 100.0 * score->errors / MAX (1, score->ref_words), score->errors, score->ref_words,
                  score->cpu_s / MAX (score->audio_s, 1e-9), score->wall_s / MAX (score->audio_s, 1e-9),
                  score->cpu_s, score->wall_s, score->audio_s);
  printf ("# RESULT %s wer=%.3f rtf_cpu=%.3f rtf_wall=%.3f words=%u audio_s=%.1f\n", what,
          (double)score->errors / MAX (1, score->ref_words), score->cpu_s / MAX (score->audio_s, 1e-9),
          score->wall_s / MAX (score->audio_s, 1e-9), score->ref_words, score->audio_s);
}

static void
bench_real (void)
{
  g_autoptr(SlTranscriber) transcriber = sl_transcriber_pocketsphinx_new ();
  g_autofree char *tsv = g_test_build_filename (G_TEST_DIST, "data", "speech", "real", "transcripts.tsv", NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  Score score = { 0 };

  g_assert_true (g_file_get_contents (tsv, &contents, NULL, NULL));
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 1; lines[i] != NULL; i++)
    {
      g_auto(GStrv) cols = g_strsplit (lines[i], "\t", -1);
      g_autofree char *wav = NULL;

      if (g_strv_length (cols) < 3)
        continue;
      wav = g_test_build_filename (G_TEST_DIST, "data", "speech", "real", cols[0], NULL);
      /* The normalised transcript spells numbers out, as they are spoken. */
      score_one (transcriber, wav, cols[2], cols[0], &score);
    }
  report ("natural-speech", &score);
}

static void
bench_flite (void)
{
  g_autoptr(SlTranscriber) transcriber = sl_transcriber_pocketsphinx_new ();
  g_autofree char *flite = g_find_program_in_path ("flite");
  g_autofree char *dir = NULL;
  Score score = { 0 };

  if (flite == NULL)
    {
      g_test_skip ("flite is not installed");
      return;
    }
  dir = g_dir_make_tmp ("sl-bench-flite-XXXXXX", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (flite_sentences); i++)
    {
      g_autofree char *wav = g_strdup_printf ("%s/s%02u.wav", dir, i);
      g_autofree char *label = g_strdup_printf ("flite sentence %u", i + 1);
      /* kal16 speaks at 16 kHz, the rate of the acoustic model; the
       * default 8 kHz voice loses the upper band (about 50 % WER). */
      const char *argv[] = { flite, "-voice", "kal16", "-t", flite_sentences[i], "-o", wav, NULL };
      int status;

      g_assert_true (g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL, &status, NULL));
      score_one (transcriber, wav, flite_sentences[i], label, &score);
      g_unlink (wav);
    }
  g_rmdir (dir);
  report ("flite-speech", &score);
}

static void
bench_um_spotting (void)
{
  g_autoptr(SlTranscriber) transcriber = sl_transcriber_pocketsphinx_new ();
  g_autofree char *truth_path = g_test_build_filename (G_TEST_DIST, "data", "speech", "espeak", "truth.jsonl", NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  guint truth_total = 0, spotted_total = 0, matched = 0;

  g_assert_true (g_file_get_contents (truth_path, &contents, NULL, NULL));
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(SlSpeechTranscript) transcript = NULL;
      g_autofree char *wav = NULL;
      JsonObject *truth;
      guint truth_um, spotted = 0;

      if (*g_strstrip (lines[i]) == '\0' || !json_parser_load_from_data (parser, lines[i], -1, NULL))
        continue;
      truth = json_node_get_object (json_parser_get_root (parser));
      truth_um = json_object_get_int_member (json_object_get_object_member (truth, "filler_counts"), "um");
      wav = g_test_build_filename (G_TEST_DIST, "data", "speech", "espeak",
                                   json_object_get_string_member (truth, "file"), NULL);
      transcript = sl_transcriber_transcribe (transcriber, wav, NULL, NULL, NULL);
      g_assert_nonnull (transcript);
      for (guint w = 0; w < sl_speech_transcript_get_n_words (transcript); w++)
        spotted += g_str_equal (sl_speech_transcript_get_word (transcript, w)->norm, "um");
      truth_total += truth_um;
      spotted_total += spotted;
      matched += MIN (truth_um, spotted);
    }
  g_test_message ("“um” spotting on espeak-ng clips (counts per clip): %u said, %u spotted, %u matched; "
                  "recall %.0f %%, precision %.0f %%", truth_total, spotted_total, matched,
                  100.0 * matched / MAX (1, truth_total), 100.0 * matched / MAX (1, spotted_total));
  printf ("# RESULT um-spotting recall=%.2f precision=%.2f\n",
          (double)matched / MAX (1, truth_total), (double)matched / MAX (1, spotted_total));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sl/bench/speech/natural", bench_real);
  g_test_add_func ("/sl/bench/speech/flite", bench_flite);
  g_test_add_func ("/sl/bench/speech/um-spotting", bench_um_spotting);

  return g_test_run ();
}
