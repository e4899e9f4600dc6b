/* Answer analysis: fillers in context, keywords, STAR, scores; and the
 * delivery measurements on real speech with known text (espeak-ng clips
 * with their truth file, LJ Speech clips, flite speech rendered here). */
#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "sl-answer-analysis.h"
#include "sl-audio-analysis.h"
#include "sl-speech-audio.h"

#define RATE 16000

static SlAnswerAnalysis *
analyze_text (const char                  *text,
              const SlAnswerAnalysisInput *input)
{
  g_autoptr(SlSpeechTranscript) t = sl_speech_transcript_new_from_text (text);

  return sl_answer_analyze (t, NULL, input);
}

static guint
filler_count (SlAnswerAnalysis *a,
              const char       *word)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (a->fillers_by_word, word));
}

static void
test_fillers_in_context (void)
{
  struct { const char *text; const char *word; guint expected; } cases[] = {
    { "I like working with people, and, like, I enjoy it.", "like", 1 },
    { "I would like to lead a team like this one.", "like", 0 },
    { "Like, the way I prioritise is simple.", "like", 1 },
    { "So, you know, the project went well.", "you know", 1 },
    { "Do you know what the answer is?", "you know", 0 },
    { "You know the drill, I think.", "you know", 0 },
    { "It was late, so, um, we shipped it anyway.", "so", 1 },
    { "So I decided to write a test.", "so", 0 },
    { "We had no tests so we wrote them.", "so", 0 },
    { "Um, uh, er, erm, umm.", "um", 2 },
    { "Um, uh, er, erm, umm.", "uh", 1 },
    { "Um, uh, er, erm, umm.", "er", 2 },
    { "Basically it was broken. Actually, it was worse.", "basically", 1 },
    { "Basically it was broken. Actually, it was worse.", "actually", 1 },
    { "We actually measured it.", "actually", 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SlAnswerAnalysis) a = analyze_text (cases[i].text, NULL);

      if (filler_count (a, cases[i].word) != cases[i].expected)
        g_error ("“%s”: %u × “%s”, expected %u", cases[i].text,
                 filler_count (a, cases[i].word), cases[i].word, cases[i].expected);
    }
}

static void
test_fillers_unpunctuated (void)
{
  /* A recogniser's output: no punctuation, but word timings. */
  const char *json =
    "{\"words\": ["
    "{\"word\": \"and\", \"start\": 0.0, \"end\": 0.2},"
    "{\"word\": \"like\", \"start\": 0.25, \"end\": 0.5},"
    "{\"word\": \"we\", \"start\": 0.9, \"end\": 1.0},"
    "{\"word\": \"like\", \"start\": 1.05, \"end\": 1.3},"
    "{\"word\": \"it\", \"start\": 1.35, \"end\": 1.5},"
    "{\"word\": \"you\", \"start\": 4.0, \"end\": 4.1},"
    "{\"word\": \"know\", \"start\": 4.1, \"end\": 4.3},"
    "{\"word\": \"we\", \"start\": 4.4, \"end\": 4.5},"
    "{\"word\": \"shipped\", \"start\": 4.5, \"end\": 4.9}"
    "], \"draft\": true}";
  g_autoptr(GError) error = NULL;
  g_autoptr(SlSpeechTranscript) t = sl_speech_transcript_new_from_data (json, &error);
  g_autoptr(SlAnswerAnalysis) a = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonObject *object;

  g_assert_no_error (error);
  g_assert_true (sl_speech_transcript_has_timings (t));
  g_assert_true (sl_speech_transcript_get_draft (t));
  a = sl_answer_analyze (t, NULL, NULL);
  g_assert_cmpuint (filler_count (a, "like"), ==, 1);
  g_assert_cmpuint (filler_count (a, "you know"), ==, 1);
  g_assert_cmpuint (a->long_pauses, ==, 1);           /* 1.5 → 4.0 */
  g_assert_cmpuint (a->words, ==, 9);
  /* 4.9 s from first to last word, minus the excess of the 2.5 s gap. */
  g_assert_cmpfloat_with_epsilon (a->speaking_s, 4.9 - 2.0, 1e-6);

  node = sl_answer_analysis_to_json (a);
  object = json_node_get_object (node);
  g_assert_true (json_object_get_boolean_member (object, "draft"));
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (object, "fillers"), "total"), ==, 2);
}

static char **
alias_cb (const char *keyword,
          gpointer    user_data)
{
  guint *calls = user_data;

  (*calls)++;
  if (g_ascii_strcasecmp (keyword, "Kubernetes") == 0)
    return g_strdupv ((char *[]) { "k8s", NULL });
  return NULL;
}

static void
test_keywords (void)
{
  const char * const keywords[] = { "Kubernetes", "load balancing", "caching", "PostgreSQL", NULL };
  guint calls = 0;
  SlAnswerAnalysisInput input = { .keywords = keywords, .alias_func = alias_cb, .alias_data = &calls };
  g_autoptr(SlAnswerAnalysis) a =
    analyze_text ("We ran everything on k8s behind a load balancer that balanced load evenly, "
                  "and we cached the hot queries.", &input);

  g_assert_cmpuint (calls, ==, 4);
  g_assert_cmpuint (a->matched_keywords->len, ==, 3);
  g_assert_cmpuint (a->missing_keywords->len, ==, 1);
  g_assert_cmpstr (a->missing_keywords->pdata[0], ==, "PostgreSQL");
  g_assert_cmpfloat_with_epsilon (a->keyword_coverage, 0.75, 1e-9);
  g_assert_cmpuint (a->keyword_words->len, >=, 3);
}

static void
test_keywords_taxonomy (void)
{
  /* No hook given: the shipped skills taxonomy supplies the aliases. */
  const char * const keywords[] = { "Kubernetes", "PostgreSQL", "Terraform", NULL };
  SlAnswerAnalysisInput input = { .keywords = keywords };
  g_autoptr(SlAnswerAnalysis) a =
    analyze_text ("We deployed on k8s and moved the data to Postgres last spring.", &input);

  g_assert_cmpuint (a->matched_keywords->len, ==, 2);
  g_assert_cmpstr (a->missing_keywords->pdata[0], ==, "Terraform");
}

static void
test_stem (void)
{
  struct { const char *a; const char *b; } same[] = {
    { "caching", "cached" }, { "tests", "testing" }, { "databases", "database" },
    { "optimization", "optimize" }, { "scaling", "scale" }, { "running", "run" },
    { "policies", "policy" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (same); i++)
    {
      g_autofree char *a = sl_answer_stem (same[i].a);
      g_autofree char *b = sl_answer_stem (same[i].b);

      if (g_strcmp0 (a, b) != 0)
        g_error ("stem (%s) = %s but stem (%s) = %s", same[i].a, a, same[i].b, b);
    }
  g_assert_cmpuint (sl_answer_count_syllables ("attention"), ==, 3);
  g_assert_cmpuint (sl_answer_count_syllables ("make"), ==, 1);
  g_assert_cmpuint (sl_answer_count_syllables ("table"), ==, 2);
}

static void
test_star_and_tips (void)
{
  SlAnswerAnalysisInput input = { .expect_star = TRUE, .suggested_seconds = 90 };
  g_autoptr(SlAnswerAnalysis) full =
    analyze_text ("At my last company the checkout page was slow. My task was to make it faster "
                  "before the holiday sale. I profiled the page and I moved the images to a CDN. "
                  "As a result the load time dropped by forty percent and sales grew.", &input);
  g_autoptr(SlAnswerAnalysis) partial =
    analyze_text ("Um, I think I am, um, a hard worker and, um, I work hard on, like, "
                  "every project, um, that I get, um.", &input);

  g_assert_true (full->star_situation);
  g_assert_true (full->star_task);
  g_assert_true (full->star_action);
  g_assert_true (full->star_result);
  g_assert_cmpuint (full->specifics, >=, 2);
  g_assert_false (partial->star_result);
  g_assert_cmpint (full->score_content, >, partial->score_content);
  g_assert_cmpuint (partial->tips->len, >=, 2);
  g_assert_cmpuint (partial->tips->len, <=, 3);
  /* The missing result is the most useful thing to say. */
  g_assert_nonnull (strstr (partial->tips->pdata[0], "result"));
}

/* One filler in a short answer is ordinary speech (and from audio alone
 * may be a misheard word): no tip, although it is several per minute. Two
 * make a habit worth a tip. */
static gboolean
has_filler_tip (SlAnswerAnalysis *a)
{
  for (guint i = 0; i < a->tips->len; i++)
    if (strstr (a->tips->pdata[i], "fillers per minute") != NULL)
      return TRUE;
  return FALSE;
}

static void
test_filler_tip_needs_a_habit (void)
{
  g_autoptr(SlSpeechTranscript) t1 =
    sl_speech_transcript_new_from_text ("Um, I moved our billing service to the new cluster last spring.");
  g_autoptr(SlSpeechTranscript) t2 =
    sl_speech_transcript_new_from_text ("Um, I moved our billing service to the, uh, new cluster last spring.");
  g_autoptr(SlAnswerAnalysis) one = NULL;
  g_autoptr(SlAnswerAnalysis) two = NULL;

  /* A twelve-second answer. */
  sl_speech_transcript_set_duration (t1, 12);
  sl_speech_transcript_set_duration (t2, 12);
  one = sl_answer_analyze (t1, NULL, NULL);
  two = sl_answer_analyze (t2, NULL, NULL);

  g_assert_cmpuint (one->filler_total, ==, 1);
  g_assert_cmpfloat (one->fillers_per_minute, >, 2);
  g_assert_false (has_filler_tip (one));
  g_assert_cmpuint (two->filler_total, ==, 2);
  g_assert_true (has_filler_tip (two));
}

/* ---- Real speech ------------------------------------------------------- */

static float *
load (const char *path,
      gsize      *n)
{
  g_autoptr(GError) error = NULL;
  float *samples = sl_speech_audio_load (path, RATE, 300, n, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (samples);
  return samples;
}

static guint
text_syllables (SlSpeechTranscript *t)
{
  guint total = 0;

  for (guint i = 0; i < sl_speech_transcript_get_n_words (t); i++)
    total += sl_answer_count_syllables (sl_speech_transcript_get_word (t, i)->norm);
  return total;
}

static void
assert_within (const char *what,
               const char *clip,
               double      measured,
               double      truth,
               double      tolerance)
{
  double error = fabs (measured - truth) / truth;

  g_test_message ("%s %s: measured %.1f, truth %.1f (%+.1f %%)", clip, what, measured, truth,
                  100 * (measured - truth) / truth);
  if (error > tolerance)
    g_error ("%s %s: measured %.1f, truth %.1f, off by %.0f %% (limit %.0f %%)",
             clip, what, measured, truth, 100 * error, 100 * tolerance);
}

static void
test_espeak_clips (void)
{
  g_autofree char *truth_path = g_test_build_filename (G_TEST_DIST, "data", "speech", "espeak", "truth.jsonl", NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;
  guint clips = 0;

  g_assert_true (g_file_get_contents (truth_path, &contents, NULL, &error));
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autofree char *wav = NULL;
      g_autofree float *samples = NULL;
      g_autoptr(SlAudioFeatures) audio = NULL;
      g_autoptr(SlSpeechTranscript) t = NULL;
      g_autoptr(SlAnswerAnalysis) a = NULL;
      JsonObject *truth;
      JsonObject *counts;
      JsonArray *pauses;
      const char *file;
      guint long_pauses = 0;
      gsize n;

      if (*g_strstrip (lines[i]) == '\0')
        continue;
      g_assert_true (json_parser_load_from_data (parser, lines[i], -1, &error));
      truth = json_node_get_object (json_parser_get_root (parser));
      file = json_object_get_string_member (truth, "file");
      wav = g_test_build_filename (G_TEST_DIST, "data", "speech", "espeak", file, NULL);
      samples = load (wav, &n);
      audio = sl_audio_analyze (samples, n, RATE, NULL);
      t = sl_speech_transcript_new_from_text (json_object_get_string_member (truth, "text"));
      a = sl_answer_analyze (t, audio, NULL);

      g_assert_cmpuint (a->words, ==, json_object_get_int_member (truth, "word_count"));
      assert_within ("wpm", file, a->wpm, json_object_get_double_member (truth, "measured_wpm_speech_only"), 0.10);

      /* Fillers exact, word by word. */
      g_assert_cmpuint (a->filler_total, ==, json_object_get_int_member (truth, "filler_total"));
      counts = json_object_get_object_member (truth, "filler_counts");
      {
        g_autoptr(GList) members = json_object_get_members (counts);

        for (GList *l = members; l != NULL; l = l->next)
          {
            if (filler_count (a, l->data) != json_object_get_int_member (counts, l->data))
              g_error ("%s: %u × “%s”, truth %" G_GINT64_FORMAT, file, filler_count (a, l->data),
                       (const char *)l->data, json_object_get_int_member (counts, l->data));
          }
      }
      /* Long pauses (≥ 2 s): the inserted silences of at least 2 s. */
      pauses = json_object_get_array_member (truth, "pauses");
      for (guint p = 0; p < json_array_get_length (pauses); p++)
        {
          JsonObject *pause = json_array_get_object_element (pauses, p);

          if (json_object_get_double_member (pause, "inserted_silence_s") >= 2.0)
            long_pauses++;
        }
      if (a->long_pauses != long_pauses)
        g_error ("%s: %u long pauses, truth %u", file, a->long_pauses, long_pauses);

      /* Syllable nuclei against the syllables of the known text. */
      assert_within ("syllables/min", file, audio->syllables_per_minute,
                     text_syllables (t) * 60.0 / audio->speaking_s, 0.20);
      clips++;
    }
  g_assert_cmpuint (clips, ==, 10);
}

static void
test_natural_clips (void)
{
  g_autofree char *tsv = g_test_build_filename (G_TEST_DIST, "data", "speech", "real", "transcripts.tsv", NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;
  guint clips = 0;

  g_assert_true (g_file_get_contents (tsv, &contents, NULL, &error));
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 1; lines[i] != NULL; i++)
    {
      g_auto(GStrv) cols = g_strsplit (lines[i], "\t", -1);
      g_autofree char *wav = NULL;
      g_autofree float *samples = NULL;
      g_autoptr(SlAudioFeatures) audio = NULL;
      g_autoptr(SlSpeechTranscript) t = NULL;
      g_autoptr(SlAnswerAnalysis) a = NULL;
      gsize n;

      if (g_strv_length (cols) < 8)
        continue;
      /* The whole-clip rate of the truth file counts edge silence and
       * deliberate pauses as speaking time; it equals a speaking rate only
       * for the LJ Speech reads longer than 5 s, which have neither. */
      if (!g_str_has_prefix (cols[0], "LJ") || g_ascii_strtod (cols[1], NULL) < 5)
        continue;
      wav = g_test_build_filename (G_TEST_DIST, "data", "speech", "real", cols[0], NULL);
      samples = load (wav, &n);
      audio = sl_audio_analyze (samples, n, RATE, NULL);
      t = sl_speech_transcript_new_from_text (cols[2]);
      a = sl_answer_analyze (t, audio, NULL);
      g_assert_cmpuint (a->words, ==, g_ascii_strtoull (cols[6], NULL, 10));
      assert_within ("wpm", cols[0], a->wpm, g_ascii_strtod (cols[7], NULL), 0.10);
      assert_within ("syllables/min", cols[0], audio->syllables_per_minute,
                     text_syllables (t) * 60.0 / audio->speaking_s, 0.20);
      g_assert_cmpuint (a->filler_total, ==, 0);
      g_assert_cmpuint (a->long_pauses, ==, 0);
      clips++;
    }
  g_assert_cmpuint (clips, ==, 7);
}

/* flite speech rendered now, in two parts joined by a known silence. */
static void
test_flite_speech (void)
{
  const char *parts[] = {
    "Um, in my last role I led the migration of our billing system to a new database.",
    "We moved, like, forty services in six months, and, uh, the invoices were never late.",
  };
  g_autofree char *flite = g_find_program_in_path ("flite");
  g_autofree char *dir = NULL;
  g_autoptr(GArray) all = g_array_new (FALSE, FALSE, sizeof (float));
  g_autoptr(GError) error = NULL;
  g_autoptr(SlAudioFeatures) audio = NULL;
  g_autoptr(SlSpeechTranscript) t = NULL;
  g_autoptr(SlAnswerAnalysis) a = NULL;
  g_autofree char *text = NULL;
  const double silence_s = 2.5;
  double speech_s = 0;

  if (flite == NULL)
    {
      g_test_skip ("flite is not installed");
      return;
    }
  dir = g_dir_make_tmp ("sl-flite-XXXXXX", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      g_autofree char *wav = g_strdup_printf ("%s/part%u.wav", dir, i);
      const char *argv[] = { flite, "-t", parts[i], "-o", wav, NULL };
      g_autofree float *samples = NULL;
      int status = 0;
      gsize n;

      g_assert_true (g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                                   NULL, NULL, &status, &error));
      g_assert_no_error (error);
      g_assert_true (g_spawn_check_wait_status (status, NULL));
      samples = load (wav, &n);
      g_array_append_vals (all, samples, n);
      speech_s += (double)n / RATE;
      if (i == 0)
        {
          gsize silence = (gsize)(silence_s * RATE);

          g_array_set_size (all, all->len + silence);
          memset ((float *)all->data + all->len - silence, 0, silence * sizeof (float));
        }
      g_unlink (wav);
    }
  g_rmdir (dir);

  audio = sl_audio_analyze ((float *)all->data, all->len, RATE, NULL);
  text = g_strjoin (" ", parts[0], parts[1], NULL);
  t = sl_speech_transcript_new_from_text (text);
  a = sl_answer_analyze (t, audio, NULL);
  assert_within ("wpm", "flite", a->wpm, a->words * 60.0 / speech_s, 0.10);
  g_assert_cmpuint (a->long_pauses, ==, 1);
  g_assert_cmpuint (a->filler_total, ==, 3);
  assert_within ("syllables/min", "flite", audio->syllables_per_minute,
                 text_syllables (t) * 60.0 / audio->speaking_s, 0.20);
}

static void
test_silence_and_noise (void)
{
  g_autofree float *silence = g_new0 (float, RATE * 3);
  g_autofree float *noise = g_new (float, RATE * 3);
  g_autoptr(SlAudioFeatures) quiet = NULL;
  g_autoptr(SlAudioFeatures) hiss = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);

  for (guint i = 0; i < RATE * 3; i++)
    noise[i] = (float)g_rand_double_range (rand, -0.01, 0.01);
  quiet = sl_audio_analyze (silence, RATE * 3, RATE, NULL);
  hiss = sl_audio_analyze (noise, RATE * 3, RATE, NULL);
  g_assert_cmpfloat (quiet->speaking_s, ==, 0);
  g_assert_cmpfloat (hiss->speaking_s, ==, 0);
  g_assert_cmpuint (hiss->syllables, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sl/answer-analysis/fillers/context", test_fillers_in_context);
  g_test_add_func ("/sl/answer-analysis/fillers/unpunctuated", test_fillers_unpunctuated);
  g_test_add_func ("/sl/answer-analysis/keywords", test_keywords);
  g_test_add_func ("/sl/answer-analysis/keywords-taxonomy", test_keywords_taxonomy);
  g_test_add_func ("/sl/answer-analysis/stem", test_stem);
  g_test_add_func ("/sl/answer-analysis/star-and-tips", test_star_and_tips);
  g_test_add_func ("/sl/answer-analysis/filler-tip-needs-a-habit", test_filler_tip_needs_a_habit);
  g_test_add_func ("/sl/audio-analysis/silence-and-noise", test_silence_and_noise);
  g_test_add_func ("/sl/audio-analysis/espeak-clips", test_espeak_clips);
  g_test_add_func ("/sl/audio-analysis/natural-clips", test_natural_clips);
  g_test_add_func ("/sl/audio-analysis/flite-speech", test_flite_speech);

  return g_test_run ();
}
