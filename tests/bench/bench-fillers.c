/* Filler words ("um", "uh", "er") detected from the audio alone, scored
 * by time against the truth:
 *   - flite speech rendered here, with fillers spoken between phrases
 *     (their times are exact by construction): the TUNING set, on which
 *     the default threshold was chosen;
 *   - the espeak-ng clips in tests/data/speech/espeak with the filler
 *     times in filler-times.jsonl: HELD OUT;
 *   - the natural clips in tests/data/speech/real, which contain no
 *     hesitations: HELD OUT, every detection there is a false alarm.
 * A detection matches a truth filler when it overlaps the filler's span
 * widened by MATCH_SLACK_S; each truth filler matches at most once.
 * Each set is also scored over a sweep of thresholds, from one
 * transcription per clip (the transcriber keeps every candidate with its
 * score as the word's confidence when the threshold is 0).
 * The current detector is compared with a reference, the same detector
 * without the checks of the words heard and of the clip's edges (the
 * detector before them), in the same run (RESULT lines whose set ends in
 * "-reference").
 * Run with: meson test -C build --suite bench bench-fillers -v */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#include "sl-speech-audio.h"
#include "sl-transcriber-pocketsphinx.h"

#define MATCH_SLACK_S 0.15

typedef struct
{
  double start_s;
  double end_s;
} Span;

typedef struct
{
  double start_s;
  double end_s;
  double score;
} Detection;

typedef struct
{
  char   *label;
  double  duration_s;
  GArray *truth;       /* Span */
  GArray *detections;  /* Detection, every candidate */
} Clip;

static void
clip_free (gpointer data)
{
  Clip *clip = data;

  g_free (clip->label);
  g_array_unref (clip->truth);
  g_array_unref (clip->detections);
  g_free (clip);
}

static gboolean
is_hesitation (const char *norm)
{
  return g_strv_contains ((const char * const[]) { "um", "uh", "er", "hmm", "ah", NULL }, norm);
}

static Clip *
transcribe_clip (SlTranscriber *transcriber,
                 const char    *wav,
                 const char    *label,
                 GArray        *truth)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlSpeechTranscript) transcript = NULL;
  Clip *clip = g_new0 (Clip, 1);

  transcript = sl_transcriber_transcribe (transcriber, wav, NULL, NULL, &error);
  g_assert_no_error (error);
  clip->label = g_strdup (label);
  clip->duration_s = sl_speech_transcript_get_duration (transcript);
  clip->truth = g_array_ref (truth);
  clip->detections = g_array_new (FALSE, FALSE, sizeof (Detection));
  for (guint i = 0; i < sl_speech_transcript_get_n_words (transcript); i++)
    {
      const SlSpeechWord *w = sl_speech_transcript_get_word (transcript, i);
      Detection d = { w->start_s, w->end_s, w->confidence };

      if (is_hesitation (w->norm))
        g_array_append_val (clip->detections, d);
    }
  return clip;
}

typedef struct
{
  guint  truth;
  guint  detected;
  guint  matched;
  guint  count_error;   /* sum over clips of |detected − truth| */
  double minutes;
} Tally;

static void
score_clip (Clip   *clip,
            double  threshold,
            Tally  *tally)
{
  g_autofree gboolean *used = g_new0 (gboolean, clip->truth->len + 1);
  guint detected = 0;

  for (guint d = 0; d < clip->detections->len; d++)
    {
      Detection *det = &g_array_index (clip->detections, Detection, d);

      if (det->score < threshold)
        continue;
      detected++;
      for (guint t = 0; t < clip->truth->len; t++)
        {
          Span *span = &g_array_index (clip->truth, Span, t);

          if (!used[t] && det->start_s < span->end_s + MATCH_SLACK_S &&
              det->end_s > span->start_s - MATCH_SLACK_S)
            {
              used[t] = TRUE;
              tally->matched++;
              break;
            }
        }
    }
  tally->truth += clip->truth->len;
  tally->detected += detected;
  tally->count_error += ABS ((int)detected - (int)clip->truth->len);
  tally->minutes += clip->duration_s / 60.0;
}

static Tally
score_set (GPtrArray *clips,
           double     threshold)
{
  Tally tally = { 0 };

  for (guint i = 0; i < clips->len; i++)
    score_clip (g_ptr_array_index (clips, i), threshold, &tally);
  return tally;
}

static void
report (const char *set,
        GPtrArray  *clips,
        double      threshold)
{
  Tally t = score_set (clips, threshold);
  double precision = t.detected > 0 ? (double)t.matched / t.detected : 1.0;
  double recall = t.truth > 0 ? (double)t.matched / t.truth : 1.0;

  for (guint i = 0; i < clips->len; i++)
    {
      Clip *clip = g_ptr_array_index (clips, i);
      Tally one = { 0 };

      score_clip (clip, threshold, &one);
      g_test_message ("  %-36s said %u, detected %u, matched %u", clip->label, one.truth, one.detected, one.matched);
      for (guint t = 0; t < clip->truth->len; t++)
        g_test_message ("    said %.2f-%.2f s", g_array_index (clip->truth, Span, t).start_s,
                        g_array_index (clip->truth, Span, t).end_s);
      for (guint d = 0; d < clip->detections->len; d++)
        {
          Detection *det = &g_array_index (clip->detections, Detection, d);

          if (det->score >= threshold)
            g_test_message ("    detected %.2f-%.2f s, score %.2f", det->start_s, det->end_s, det->score);
        }
    }
  g_test_message ("%s at threshold %.2f: %u fillers said, %u detected, %u matched: precision %.2f, recall %.2f, "
                  "count error %u (%.2f per filler said), %.2f false alarms per minute over %.1f min",
                  set, threshold, t.truth, t.detected, t.matched, precision, recall, t.count_error,
                  (double)t.count_error / MAX (1, t.truth), (t.detected - t.matched) / MAX (t.minutes, 1e-9), t.minutes);
  printf ("# RESULT fillers-%s threshold=%.2f said=%u detected=%u matched=%u precision=%.3f recall=%.3f "
          "count_error=%u false_alarms_per_min=%.2f\n",
          set, threshold, t.truth, t.detected, t.matched, precision, recall, t.count_error,
          (t.detected - t.matched) / MAX (t.minutes, 1e-9));
}

static void
sweep (const char *set,
       GPtrArray  *clips)
{
  for (double threshold = 0.0; threshold < 0.96; threshold += 0.1)
    {
      Tally t = score_set (clips, threshold);

      g_test_message ("  sweep %-7s threshold %.1f: detected %3u, matched %3u of %3u, precision %.2f, recall %.2f",
                      set, threshold, t.detected, t.matched, t.truth,
                      t.detected > 0 ? (double)t.matched / t.detected : 1.0,
                      t.truth > 0 ? (double)t.matched / t.truth : 1.0);
    }
}

/* ---- Data sets ---------------------------------------------------------- */

/* Interview phrases; a filler is spoken between consecutive phrases where
 * the plan says so. */
static const char * const flite_answers[][6] = {
  { "I think my biggest strength is", "um", "attention to detail", NULL },
  { "In my last role I", "uh", "reviewed every pull request on the payments team", NULL },
  { "The project I am most proud of was", "er", "a migration to a new billing system", NULL },
  { "Um", "it took nine months and the hardest part was keeping the systems in sync", NULL },
  { "I would describe my management style as", "uh", "collaborative", NULL },
  { "I try to set clear goals", "um", "and then get out of the way", NULL },
  { "A designer and I disagreed about the checkout flow", "and", "we ran a small test", NULL },
  { "We ran a test with", "um", "two hundred users and the data", "uh", "settled it", NULL },
  { "I left my previous company because", "er", "I wanted to work on products that customers use", NULL },
  { "Uh", "I had been in infrastructure for five years", NULL },
  { "My weakness is that I used to say yes to everything", NULL },
  { "Now I keep a written list of commitments and", "uh", "uh", "I check it before I agree", NULL },
  { "In five years I see myself leading a small platform team", NULL },
  { "The hardest bug I fixed was", "um", "a race condition in a cache", NULL },
  { "Er", "requests would occasionally return stale prices", NULL },
  { "We added versioned keys and a small lock", "and", "the errors simply disappeared", NULL },
};

static gboolean
is_filler_piece (const char *piece)
{
  g_autofree char *lower = g_ascii_strdown (piece, -1);

  return g_strv_contains ((const char * const[]) { "um", "uh", "er", NULL }, lower);
}

static GPtrArray *
flite_set (SlTranscriber *transcriber)
{
  g_autofree char *flite = g_find_program_in_path ("flite");
  g_autofree char *sox = g_find_program_in_path ("sox");
  g_autofree char *dir = NULL;
  GPtrArray *clips = g_ptr_array_new_with_free_func (clip_free);

  if (flite == NULL || sox == NULL)
    return clips;
  dir = g_dir_make_tmp ("sl-bench-fillers-XXXXXX", NULL);
  g_assert_nonnull (dir);
  for (guint a = 0; a < G_N_ELEMENTS (flite_answers); a++)
    {
      g_autoptr(GPtrArray) sox_argv = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GArray) truth = g_array_new (FALSE, FALSE, sizeof (Span));
      g_autofree char *out = g_strdup_printf ("%s/answer%02u.wav", dir, a);
      g_autofree char *label = g_strdup_printf ("flite answer %u", a + 1);
      double t = 0;
      int status;

      g_ptr_array_add (sox_argv, g_strdup (sox));
      for (guint p = 0; flite_answers[a][p] != NULL; p++)
        {
          char *piece = g_strdup_printf ("%s/answer%02u-%u.wav", dir, a, p);
          /* kal16 speaks at 16 kHz, the rate of the acoustic model. */
          const char *argv[] = { flite, "-voice", "kal16", "-t", flite_answers[a][p], "-o", piece, NULL };
          g_autofree float *samples = NULL;
          gsize n = 0;

          g_assert_true (g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL, &status, NULL));
          samples = sl_speech_audio_load (piece, 16000, 60, &n, NULL, NULL);
          g_assert_nonnull (samples);
          if (is_filler_piece (flite_answers[a][p]))
            {
              Span span = { t, t + n / 16000.0 };

              g_array_append_val (truth, span);
            }
          t += n / 16000.0;
          g_ptr_array_add (sox_argv, piece);
        }
      g_ptr_array_add (sox_argv, g_strdup (out));
      g_ptr_array_add (sox_argv, NULL);
      g_assert_true (g_spawn_sync (NULL, (char **)sox_argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL, &status, NULL));
      g_assert_true (g_spawn_check_wait_status (status, NULL));
      g_ptr_array_add (clips, transcribe_clip (transcriber, out, label, truth));
      for (guint p = 1; p + 2 < sox_argv->len; p++)
        g_unlink (g_ptr_array_index (sox_argv, p));
      g_unlink (out);
    }
  g_rmdir (dir);
  return clips;
}

static GPtrArray *
espeak_set (SlTranscriber *transcriber)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "speech", "espeak", "filler-times.jsonl", NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  GPtrArray *clips = g_ptr_array_new_with_free_func (clip_free);

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GArray) truth = g_array_new (FALSE, FALSE, sizeof (Span));
      g_autofree char *wav = NULL;
      JsonObject *record;
      JsonArray *fillers;

      if (*g_strstrip (lines[i]) == '\0')
        continue;
      g_assert_true (json_parser_load_from_data (parser, lines[i], -1, NULL));
      record = json_node_get_object (json_parser_get_root (parser));
      fillers = json_object_get_array_member (record, "fillers");
      for (guint f = 0; f < json_array_get_length (fillers); f++)
        {
          JsonObject *filler = json_array_get_object_element (fillers, f);
          Span span = { json_object_get_double_member (filler, "start_s"),
                        json_object_get_double_member (filler, "end_s") };

          /* "like" and "you know" are words: they are counted from the
           * transcript in context, not from the audio. */
          if (is_filler_piece (json_object_get_string_member (filler, "filler")))
            g_array_append_val (truth, span);
        }
      wav = g_test_build_filename (G_TEST_DIST, "data", "speech", "espeak",
                                   json_object_get_string_member (record, "file"), NULL);
      g_ptr_array_add (clips, transcribe_clip (transcriber, wav, json_object_get_string_member (record, "file"), truth));
    }
  return clips;
}

static GPtrArray *
real_set (SlTranscriber *transcriber)
{
  g_autofree char *tsv = g_test_build_filename (G_TEST_DIST, "data", "speech", "real", "transcripts.tsv", NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  GPtrArray *clips = g_ptr_array_new_with_free_func (clip_free);

  g_assert_true (g_file_get_contents (tsv, &contents, NULL, NULL));
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 1; lines[i] != NULL; i++)
    {
      g_auto(GStrv) cols = g_strsplit (lines[i], "\t", -1);
      g_autoptr(GArray) truth = g_array_new (FALSE, FALSE, sizeof (Span));
      g_autofree char *wav = NULL;

      if (g_strv_length (cols) < 3)
        continue;
      /* The transcripts have no "um", "uh" or "er": no filler is said. */
      {
        g_autofree char *lower = g_ascii_strdown (cols[2], -1);
        g_auto(GStrv) words = g_regex_split_simple ("[^a-z']+", lower, 0, 0);

        for (guint w = 0; words[w] != NULL; w++)
          g_assert_false (is_hesitation (words[w]));
      }
      wav = g_test_build_filename (G_TEST_DIST, "data", "speech", "real", cols[0], NULL);
      g_ptr_array_add (clips, transcribe_clip (transcriber, wav, cols[0], truth));
    }
  return clips;
}

/* One detector over the three sets, every candidate kept with its score
 * so that one transcription per clip gives the whole sweep. */
static void
run_detector (const char *name,
              gboolean    check_context)
{
  g_autoptr(SlTranscriber) transcriber = sl_transcriber_pocketsphinx_new ();
  SlTranscriberPocketsphinx *ps = SL_TRANSCRIBER_POCKETSPHINX (transcriber);
  g_autoptr(GPtrArray) flite = NULL;
  g_autoptr(GPtrArray) espeak = NULL;
  g_autoptr(GPtrArray) real = NULL;
  double threshold = sl_transcriber_pocketsphinx_get_filler_threshold (ps);
  g_autofree char *flite_name = g_strdup_printf ("flite-tuning%s", name);
  g_autofree char *espeak_name = g_strdup_printf ("espeak-heldout%s", name);
  g_autofree char *real_name = g_strdup_printf ("real-heldout%s", name);

  g_test_message ("---- %s detector ----", *name != '\0' ? name + 1 : "current");
  sl_transcriber_pocketsphinx_set_filler_threshold (ps, 0.0);
  sl_transcriber_pocketsphinx_set_check_words (ps, check_context);
  sl_transcriber_pocketsphinx_set_check_edges (ps, check_context);
  flite = flite_set (transcriber);
  espeak = espeak_set (transcriber);
  real = real_set (transcriber);

  if (flite->len > 0)
    {
      sweep ("flite", flite);
      report (flite_name, flite, threshold);
    }
  else
    g_test_message ("flite or sox is not installed: no tuning set");
  sweep ("espeak", espeak);
  sweep ("real", real);
  report (espeak_name, espeak, threshold);
  report (real_name, real, threshold);
}

static void
bench_fillers (void)
{
  /* The reference first: the detector without the checks of the words
   * heard in a stretch and of the clip's edges (a stretch counts as
   * standing alone whatever word the free transcription is sure of in it,
   * and the clip's edge counts as silence). */
  run_detector ("-reference", FALSE);
  run_detector ("", TRUE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sl/bench/fillers", bench_fillers);

  return g_test_run ();
}
