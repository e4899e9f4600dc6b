#define G_LOG_DOMAIN "sl-transcriber-pocketsphinx"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <pocketsphinx.h>
#include <stdlib.h>
#include <string.h>

#include "sl-audio-analysis.h"
#include "sl-speech-audio.h"
#include "sl-transcriber-pocketsphinx.h"

#define RATE            16000
#define FRAMES_PER_S    100.0
#define MAX_SECONDS     (20 * 60)
#define MAX_SEGMENT_S   25.0
#define PAD_S           0.15
#define ENGINE_ID       "pocketsphinx-en-us"

/* Hesitations spotted in the audio, with their keyword-spotting
 * thresholds: low enough that the spotter offers most real ones (and many
 * false ones), which the audio cues then sort out. */
static const struct { const char *word; const char *threshold; } spotted_fillers[] = {
  { "um", "1e-10" }, { "uh", "1e-5" }, { "er", "1e-10" },
};

/* Hesitations the language model sometimes writes, as candidates too. */
static const struct { const char *word; const char *canonical; } lm_fillers[] = {
  { "um", "um" }, { "umm", "um" }, { "uh", "uh" }, { "ah", "uh" }, { "er", "er" }, { "hmm", "hmm" },
};

/* Default filler score threshold: the highest with the best F1 on the
 * flite tuning set of tests/bench/bench-fillers.c (0.3–0.5 tie there);
 * the espeak-ng and natural clips were not used to choose it. */
#define DEFAULT_FILLER_THRESHOLD 0.5
/* A hesitation standing alone is at most this long… */
#define MAX_ISLAND_S 0.8
/* …and one syllable: a stretch in which the free transcription hears
 * words of two syllables or more ("printing", "settled it") is speech. */
#define MAX_ISLAND_SYLLABLES 1
/* …and holds no word that the free transcription is sure of (posterior
 * at least this) unless the word sounds like a hesitation. On the flite
 * tuning set the words heard over real fillers reach 0.44 ("but") and
 * the word of the one false alarm 0.81 ("and"): about the middle. */
#define MIN_SURE_POSTERIOR 0.6
/* A stretch touching the clip's edge has no silence on that side to
 * show; it counts as standing alone only with a held vowel at least
 * this long (half the weight of the steady-run cue). */
#define MIN_EDGE_STEADY_S 0.155

struct _SlTranscriberPocketsphinx
{
  GObject       parent_instance;

  /* The decoder is not thread-safe: one transcription at a time. */
  GMutex        mutex;
  ps_decoder_t *decoder;
  char         *lm_search;
  double        filler_threshold;
  gboolean      check_syllables;
  gboolean      check_words;
  gboolean      check_edges;
};

static void transcriber_iface_init (SlTranscriberInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SlTranscriberPocketsphinx, sl_transcriber_pocketsphinx, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (SL_TYPE_TRANSCRIBER, transcriber_iface_init))

static char *
dup_model_dir (void)
{
  const char *env = g_getenv ("SHORTLIST_POCKETSPHINX_MODEL");

  if (env != NULL && *env != '\0')
    return g_strdup (env);
  return g_build_filename (SL_POCKETSPHINX_MODELDIR, "en-us", NULL);
}

static gboolean
ensure_decoder (SlTranscriberPocketsphinx  *self,
                GError                    **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *hmm = NULL;
  g_autofree char *lm = NULL;
  g_autofree char *dict = NULL;
  cmd_ln_t *config;

  if (self->decoder != NULL)
    return TRUE;

  dir = dup_model_dir ();
  hmm = g_build_filename (dir, "en-us", NULL);
  lm = g_build_filename (dir, "en-us.lm.bin", NULL);
  dict = g_build_filename (dir, "cmudict-en-us.dict", NULL);
  if (!g_file_test (hmm, G_FILE_TEST_IS_DIR) || !g_file_test (lm, G_FILE_TEST_EXISTS) ||
      !g_file_test (dict, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, SL_TRANSCRIBER_ERROR, SL_TRANSCRIBER_ERROR_UNAVAILABLE,
                   _("The speech model is not installed (looked in “%s”); install pocketsphinx-en-us"), dir);
      return FALSE;
    }

  config = cmd_ln_init (NULL, ps_args (), TRUE,
                        "-hmm", hmm, "-lm", lm, "-dict", dict,
                        "-logfn", "/dev/null",
                        "-samprate", "16000",
                        NULL);
  if (config == NULL || (self->decoder = ps_init (config)) == NULL)
    {
      if (config != NULL)
        cmd_ln_free_r (config);
      g_set_error (error, SL_TRANSCRIBER_ERROR, SL_TRANSCRIBER_ERROR_UNAVAILABLE,
                   _("The speech recogniser could not load its model from “%s”"), dir);
      return FALSE;
    }
  cmd_ln_free_r (config);
  self->lm_search = g_strdup (ps_get_search (self->decoder));
  return TRUE;
}

typedef struct
{
  char   *word;
  double  start_s;
  double  end_s;
  double  confidence;
  gboolean spotted;
  guint   sources;      /* for filler candidates: FROM_LM | FROM_KWS */
  guint   syllables;    /* for recognised words: vowels in the pronunciation */
  gboolean filler_like; /* for recognised words: sounds like a hesitation */
} Hit;

enum { FROM_LM = 1 << 0, FROM_KWS = 1 << 1 };

static void
clear_hit (gpointer data)
{
  g_free (((Hit *)data)->word);
}

/* Speech runs from the voice-activity frames, padded, at most
 * MAX_SEGMENT_S long (split at the quietest frame otherwise). */
static GArray *
segments_for (SlAudioFeatures *features)
{
  GArray *segments = g_array_new (FALSE, FALSE, sizeof (SlAudioSpan));
  guint8 *speech = (guint8 *)features->frame_speech->data;
  float *db = (float *)features->frame_db->data;
  guint n = features->frame_speech->len;
  guint f = 0;

  while (f < n)
    {
      guint start;
      guint end;

      while (f < n && !speech[f])
        f++;
      if (f >= n)
        break;
      start = f;
      /* Extend across silences shorter than 0.3 s. */
      end = f;
      while (end < n)
        {
          guint gap = end;

          while (gap < n && speech[gap])
            gap++;
          end = gap;
          while (gap < n && !speech[gap])
            gap++;
          if (gap >= n || gap - end >= 30)
            break;
          end = gap;
        }
      while ((end - start) * SL_AUDIO_FRAME_S > MAX_SEGMENT_S)
        {
          guint limit = start + (guint)(MAX_SEGMENT_S / SL_AUDIO_FRAME_S);
          guint quietest = limit;

          for (guint k = start + (guint)(MAX_SEGMENT_S / 2 / SL_AUDIO_FRAME_S); k < limit; k++)
            {
              if (db[k] < db[quietest])
                quietest = k;
            }
          {
            SlAudioSpan span = { start * SL_AUDIO_FRAME_S, quietest * SL_AUDIO_FRAME_S };

            g_array_append_val (segments, span);
          }
          start = quietest;
        }
      {
        SlAudioSpan span = { MAX (0.0, start * SL_AUDIO_FRAME_S - PAD_S),
                             MIN (features->duration_s, end * SL_AUDIO_FRAME_S + PAD_S) };

        g_array_append_val (segments, span);
      }
      f = end;
    }
  return segments;
}

static char *
clean_word (const char *word)
{
  const char *paren;

  if (word == NULL || word[0] == '<' || word[0] == '[' || word[0] == '+')
    return NULL;
  if ((paren = strchr (word, '(')) != NULL)
    return g_strndup (word, paren - word);
  return g_strdup (word);
}

static const char *
lm_filler (const char *word)
{
  for (guint i = 0; i < G_N_ELEMENTS (lm_fillers); i++)
    {
      if (g_str_equal (word, lm_fillers[i].word))
        return lm_fillers[i].canonical;
    }
  return NULL;
}

/* The vowels in the word's dictionary pronunciation (1 if unknown), and
 * whether it sounds like a hesitation: vowels with at most "m", "r" or
 * "h" ("oh", "are", "a", "I"), which is what the language model writes
 * for a held vowel when it writes no "uh". */
static guint
describe_word (ps_decoder_t *decoder,
               const char   *word,
               gboolean     *filler_like)
{
  char *phones = ps_lookup_word (decoder, word);
  g_auto(GStrv) parts = NULL;
  guint vowels = 0;

  *filler_like = FALSE;
  if (phones == NULL)
    return 1;
  parts = g_strsplit (phones, " ", -1);
  /* Allocated by the decoder's allocator, which is the C library's. */
  free (phones);
  *filler_like = TRUE;
  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (parts[i][0] == '\0')
        continue;
      if (strchr ("AEIOU", parts[i][0]) != NULL)
        vowels++;
      else if (!g_str_equal (parts[i], "M") && !g_str_equal (parts[i], "R") && !g_str_equal (parts[i], "HH"))
        *filler_like = FALSE;
    }
  *filler_like = *filler_like && vowels == 1;
  return MAX (vowels, 1);
}

static gboolean
is_spotted_filler (const char *word)
{
  for (guint i = 0; i < G_N_ELEMENTS (spotted_fillers); i++)
    {
      if (g_str_equal (word, spotted_fillers[i].word))
        return TRUE;
    }
  return FALSE;
}

/* Decodes one segment with the current search. Words go to hits; in the
 * free transcription, hesitations go to candidates instead (with their
 * canonical spelling), and in spotting everything does. */
static void
decode_segment (SlTranscriberPocketsphinx *self,
                const gint16              *pcm,
                SlAudioSpan               *span,
                gboolean                   spotting,
                GArray                    *hits,
                GArray                    *candidates)
{
  gsize first = (gsize)(span->start_s * RATE);
  gsize last = (gsize)(span->end_s * RATE);
  logmath_t *lmath = ps_get_logmath (self->decoder);

  if (last <= first)
    return;
  if (ps_start_utt (self->decoder) < 0)
    return;
  ps_process_raw (self->decoder, pcm + first, last - first, FALSE, TRUE);
  ps_end_utt (self->decoder);

  for (ps_seg_t *seg = ps_seg_iter (self->decoder); seg != NULL; seg = ps_seg_next (seg))
    {
      g_autofree char *word = clean_word (ps_seg_word (seg));
      int sf, ef;
      Hit hit;

      const char *canonical;

      if (word == NULL)
        continue;
      /* The spotter gives keyphrases as written in the keyword file,
       * with the trailing space before the threshold. */
      g_strstrip (word);
      ps_seg_frames (seg, &sf, &ef);
      hit.start_s = span->start_s + sf / FRAMES_PER_S;
      hit.end_s = span->start_s + (ef + 1) / FRAMES_PER_S;
      hit.confidence = CLAMP (logmath_exp (lmath, ps_seg_prob (seg, NULL, NULL, NULL)), 0.0, 1.0);
      hit.spotted = spotting;
      hit.syllables = 0;
      hit.filler_like = FALSE;
      if (spotting && is_spotted_filler (word))
        {
          hit.word = g_steal_pointer (&word);
          hit.sources = FROM_KWS;
          g_array_append_val (candidates, hit);
        }
      else if ((canonical = lm_filler (word)) != NULL)
        {
          /* The language model's rare "ah" or "uh" is a guess at a
           * hesitation: a candidate, kept only if the audio agrees. */
          hit.word = g_strdup (canonical);
          hit.sources = FROM_LM;
          g_array_append_val (candidates, hit);
        }
      else
        {
          /* A recognised word, or a spotted expected keyword. */
          hit.syllables = describe_word (self->decoder, word, &hit.filler_like);
          hit.word = g_steal_pointer (&word);
          hit.sources = 0;
          g_array_append_val (hits, hit);
        }
    }
}

static int
cmp_hit (gconstpointer a,
         gconstpointer b)
{
  const Hit *x = a;
  const Hit *y = b;

  return (x->start_s > y->start_s) - (x->start_s < y->start_s);
}

typedef enum
{
  NEAR_SPEECH,
  NEAR_SILENCE,
  NEAR_EDGE,      /* the clip starts or ends with no silence between */
} Near;

static Near
silent_near (SlAudioFeatures *features,
             double           time_s,
             int              direction)
{
  guint8 *speech = (guint8 *)features->frame_speech->data;
  gssize n = features->frame_speech->len;
  gssize f = (gssize)(time_s / SL_AUDIO_FRAME_S);
  guint run = 0;

  /* Looks up to 0.15 s away for 0.12 s of silence, or for the clip's
   * edge after at least 0.05 s of it. */
  for (gssize k = 0; k < 15 + 12; k++)
    {
      gssize i = f + direction * k;

      if (i < 0 || i >= n)
        return run >= 5 ? NEAR_SILENCE : NEAR_EDGE;
      run = speech[i] ? 0 : run + 1;
      if (run >= 12)
        return NEAR_SILENCE;
    }
  return NEAR_SPEECH;
}

/* Drops spotted keywords that start inside the previous one. */
static GArray *
dedupe_spotted (GArray *spotted)
{
  GArray *kept = g_array_new (FALSE, FALSE, sizeof (Hit));

  g_array_set_clear_func (kept, clear_hit);
  g_array_sort (spotted, cmp_hit);
  for (guint i = 0; i < spotted->len; i++)
    {
      Hit copy = g_array_index (spotted, Hit, i);

      if (kept->len > 0 && copy.start_s < g_array_index (kept, Hit, kept->len - 1).end_s)
        continue;
      copy.word = g_strdup (copy.word);
      g_array_append_val (kept, copy);
    }
  return kept;
}

/* Candidates that overlap are one hesitation heard by both passes: they
 * are joined, keeping the spotter's word and the wider span. */
static GArray *
join_candidates (GArray *candidates)
{
  GArray *joined = g_array_new (FALSE, FALSE, sizeof (Hit));

  g_array_set_clear_func (joined, clear_hit);
  g_array_sort (candidates, cmp_hit);
  for (guint i = 0; i < candidates->len; i++)
    {
      Hit *hit = &g_array_index (candidates, Hit, i);
      Hit copy;

      if (joined->len > 0)
        {
          Hit *prev = &g_array_index (joined, Hit, joined->len - 1);

          if (hit->start_s < prev->end_s - 0.03)
            {
              if ((hit->sources & FROM_KWS) && !(prev->sources & FROM_KWS))
                {
                  g_free (prev->word);
                  prev->word = g_strdup (hit->word);
                }
              prev->sources |= hit->sources;
              prev->end_s = MAX (prev->end_s, hit->end_s);
              continue;
            }
        }
      copy = *hit;
      copy.word = g_strdup (hit->word);
      g_array_append_val (joined, copy);
    }
  return joined;
}

/* The longest steady voiced run that overlaps the candidate (widened
 * a little: the spotter's spans are short and may sit beside the vowel). */
static SlAudioSpan
steady_run_at (GArray    *runs,
               const Hit *hit)
{
  SlAudioSpan best = { hit->start_s, hit->start_s };

  for (guint i = 0; i < runs->len; i++)
    {
      SlAudioSpan *run = &g_array_index (runs, SlAudioSpan, i);

      if (run->start_s < hit->end_s + 0.05 && run->end_s > hit->start_s - 0.05 &&
          run->end_s - run->start_s > best.end_s - best.start_s)
        best = *run;
    }
  return best;
}

/* The stretch of voice activity around time_s (gaps under 50 ms
 * bridged), or FALSE when there is none within 50 ms. */
static gboolean
island_at (SlAudioFeatures *features,
           double           time_s,
           SlAudioSpan     *island)
{
  guint8 *speech = (guint8 *)features->frame_speech->data;
  gssize n = features->frame_speech->len;
  gssize f = (gssize)(time_s / SL_AUDIO_FRAME_S);
  gssize start, end;

  for (gssize k = 0; k <= 5; k++)
    {
      if (f + k >= 0 && f + k < n && speech[f + k])
        {
          f += k;
          break;
        }
      if (f - k >= 0 && f - k < n && speech[f - k])
        {
          f -= k;
          break;
        }
      if (k == 5)
        return FALSE;
    }
  start = end = f;
  for (;;)
    {
      gssize k = start - 1;

      while (k >= 0 && !speech[k] && start - k <= 5)
        k--;
      if (k < 0 || !speech[k])
        break;
      start = k;
    }
  for (;;)
    {
      gssize k = end + 1;

      while (k < n && !speech[k] && k - end <= 5)
        k++;
      if (k >= n || !speech[k])
        break;
      end = k;
    }
  island->start_s = start * SL_AUDIO_FRAME_S;
  island->end_s = (end + 1) * SL_AUDIO_FRAME_S;
  return TRUE;
}

/* What the free transcription heard in a stretch: the syllables of the
 * recognised words centred in it (hesitations are candidates, not words,
 * and do not count), and the word it is surest of among those that do
 * not sound like a hesitation (NULL if none). */
static guint
words_in (GArray            *words,
          const SlAudioSpan *span,
          const Hit        **surest)
{
  guint syllables = 0;

  *surest = NULL;
  for (guint i = 0; i < words->len; i++)
    {
      const Hit *w = &g_array_index (words, Hit, i);
      double middle = (w->start_s + w->end_s) / 2;

      if (middle < span->start_s || middle >= span->end_s)
        continue;
      syllables += w->syllables;
      if (!w->filler_like && (*surest == NULL || w->confidence > (*surest)->confidence))
        *surest = w;
    }
  return syllables;
}

/* Hesitations between phrases stand alone: a short stretch of voice with
 * silence on both sides. Measured on flite and espeak-ng speech, this is
 * the cue that separates real candidates from the spotter's many false
 * ones; agreement with the language model, and a steady voiced run (a
 * held vowel, the classic cue of a filled pause), add to the score.
 *
 * A lone word is not a hesitation either. On natural read speech
 * (tests/data/speech/real) three of the eight false alarms were words
 * such as "printing" standing alone, so the stretch must hold at most
 * one syllable of the words the free transcription heard in it; four of
 * the five left were one-syllable words ("and", "or") and the clips'
 * edges. So the stretch must also hold no word the free transcription
 * is sure of, unless that word sounds like a hesitation itself (it
 * writes "oh" or "are" for many a real "um"); and where the stretch
 * touches the start or end of the clip, which hides whether silence
 * surrounds it, a held vowel must show that it is a filled pause. */
static gboolean
stands_alone (SlTranscriberPocketsphinx *self,
              SlAudioFeatures           *features,
              const SlAudioSpan         *island,
              guint                      island_syllables,
              const Hit                 *surest_word,
              const SlAudioSpan         *run)
{
  double island_s = island->end_s - island->start_s;
  Near before, after;

  if (island_s < 0.1 || island_s > MAX_ISLAND_S)
    return FALSE;
  if (self->check_syllables && island_syllables > MAX_ISLAND_SYLLABLES)
    return FALSE;
  if (self->check_words && surest_word != NULL && surest_word->confidence >= MIN_SURE_POSTERIOR)
    return FALSE;
  before = silent_near (features, island->start_s, -1);
  after = silent_near (features, island->end_s, 1);
  if (before == NEAR_SPEECH || after == NEAR_SPEECH)
    return FALSE;
  if (self->check_edges && (before == NEAR_EDGE || after == NEAR_EDGE))
    return run->end_s - run->start_s >= MIN_EDGE_STEADY_S;
  return TRUE;
}

static double
filler_score (const Hit         *hit,
              gboolean           alone,
              const SlAudioSpan *run)
{
  double steady_s = run->end_s - run->start_s;
  double score = 0;

  if (alone)
    score += 0.5;
  if ((hit->sources & FROM_LM) && (hit->sources & FROM_KWS))
    score += 0.3;
  else if (hit->sources & FROM_LM)
    score += 0.15;
  score += 0.2 * CLAMP ((steady_s - 0.08) / 0.15, 0.0, 1.0);
  return CLAMP (score, 0.0, 1.0);
}

static GArray *
score_fillers (SlTranscriberPocketsphinx *self,
               GArray                    *candidates,
               GArray                    *words,
               SlAudioFeatures           *features,
               const float               *samples,
               gsize                      n_samples)
{
  g_autoptr(GArray) joined = join_candidates (candidates);
  g_autoptr(GArray) runs = sl_audio_find_steady_runs (samples, n_samples, RATE, 0.05);
  GArray *kept = g_array_new (FALSE, FALSE, sizeof (Hit));

  g_array_set_clear_func (kept, clear_hit);
  for (guint i = 0; i < joined->len; i++)
    {
      Hit *hit = &g_array_index (joined, Hit, i);
      SlAudioSpan run = steady_run_at (runs, hit);
      SlAudioSpan island = { hit->start_s, hit->end_s };
      gboolean in_island = island_at (features, (hit->start_s + hit->end_s) / 2, &island);
      const Hit *surest = NULL;
      guint syllables = words_in (words, &island, &surest);
      gboolean alone = stands_alone (self, features, &island, syllables, surest, &run);
      double score = filler_score (hit, alone, &run);
      Hit copy;

      g_debug ("filler candidate %s %.2f-%.2f s, sources %u, steady run %.2f s, island %.2f-%.2f s "
               "(%u syllables of words, surest “%s” %.2f): score %.2f",
               hit->word, hit->start_s, hit->end_s, hit->sources, run.end_s - run.start_s,
               island.start_s, island.end_s, syllables, surest != NULL ? surest->word : "",
               surest != NULL ? surest->confidence : 0.0, score);
      if (score < self->filler_threshold)
        continue;
      copy = *hit;
      copy.word = g_strdup (hit->word);
      copy.confidence = score;
      if (in_island && island.end_s - island.start_s <= MAX_ISLAND_S)
        {
          /* One hesitation per island: the spotter often fires several
           * times in one "um". The island is its span. */
          if (kept->len > 0)
            {
              Hit *prev = &g_array_index (kept, Hit, kept->len - 1);

              if (prev->start_s == island.start_s)
                {
                  if (score > prev->confidence)
                    {
                      g_free (prev->word);
                      prev->word = g_steal_pointer (&copy.word);
                      prev->confidence = score;
                    }
                  g_free (copy.word);
                  continue;
                }
            }
          copy.start_s = island.start_s;
          copy.end_s = island.end_s;
        }
      else if (kept->len > 0 && copy.start_s < g_array_index (kept, Hit, kept->len - 1).end_s)
        {
          g_free (copy.word);
          continue;
        }
      g_array_append_val (kept, copy);
    }
  return kept;
}

/* Spotted words replace the recognised words they mostly overlap, or are
 * inserted between them. */
static GArray *
merge_hits (GArray *words,
            GArray *spotted)
{
  GArray *merged = g_array_new (FALSE, FALSE, sizeof (Hit));

  g_array_set_clear_func (merged, clear_hit);
  for (guint i = 0; i < words->len; i++)
    {
      Hit *w = &g_array_index (words, Hit, i);
      gboolean covered = FALSE;

      for (guint k = 0; k < spotted->len && !covered; k++)
        {
          Hit *s = &g_array_index (spotted, Hit, k);
          double overlap = MIN (w->end_s, s->end_s) - MAX (w->start_s, s->start_s);

          if (overlap > 0.5 * (w->end_s - w->start_s))
            covered = TRUE;
        }
      if (!covered)
        {
          Hit copy = *w;

          copy.word = g_strdup (w->word);
          g_array_append_val (merged, copy);
        }
    }
  for (guint k = 0; k < spotted->len; k++)
    {
      Hit copy = g_array_index (spotted, Hit, k);

      copy.word = g_strdup (copy.word);
      g_array_append_val (merged, copy);
    }
  g_array_sort (merged, cmp_hit);
  return merged;
}

static char *
write_keyword_file (SlTranscriberPocketsphinx  *self,
                    const char * const         *keywords,
                    GError                    **error)
{
  g_autoptr(GString) contents = g_string_new (NULL);
  g_autofree char *path = NULL;
  int fd;

  for (guint i = 0; i < G_N_ELEMENTS (spotted_fillers); i++)
    g_string_append_printf (contents, "%s /%s/\n", spotted_fillers[i].word, spotted_fillers[i].threshold);

  /* Expected keywords the dictionary knows, one spotting line each. */
  for (guint i = 0; keywords != NULL && keywords[i] != NULL; i++)
    {
      g_autofree char *lower = g_utf8_strdown (keywords[i], -1);
      g_auto(GStrv) parts = g_strsplit_set (lower, " -/", -1);
      g_autoptr(GString) phrase = g_string_new (NULL);
      gboolean known = TRUE;

      for (guint p = 0; parts[p] != NULL; p++)
        {
          char *phones;

          if (*parts[p] == '\0')
            continue;
          /* Allocated by the decoder's allocator, the C library's. */
          phones = ps_lookup_word (self->decoder, parts[p]);
          if (phones == NULL)
            known = FALSE;
          free (phones);
          if (phrase->len > 0)
            g_string_append_c (phrase, ' ');
          g_string_append (phrase, parts[p]);
        }
      if (known && phrase->len > 0)
        g_string_append_printf (contents, "%s /1e-%d/\n", phrase->str,
                                MIN (40, 10 + 5 * (int)g_strv_length (parts)));
    }

  if ((fd = g_file_open_tmp ("sl-kws-XXXXXX.txt", &path, error)) < 0)
    return NULL;
  g_close (fd, NULL);
  if (!g_file_set_contents (path, contents->str, contents->len, error))
    {
      g_unlink (path);
      return NULL;
    }
  return g_steal_pointer (&path);
}

static SlSpeechTranscript *
sl_transcriber_pocketsphinx_transcribe (SlTranscriber          *transcriber,
                                        const char             *path,
                                        const char * const     *keywords,
                                        SlTranscriberProgress   progress,
                                        gpointer                progress_data,
                                        GCancellable           *cancellable,
                                        GError                **error)
{
  SlTranscriberPocketsphinx *self = SL_TRANSCRIBER_POCKETSPHINX (transcriber);
  g_autoptr(GMutexLocker) locker = NULL;
  g_autofree float *samples = NULL;
  g_autofree gint16 *pcm = NULL;
  g_autoptr(SlAudioFeatures) features = NULL;
  g_autoptr(GArray) segments = NULL;
  g_autoptr(GArray) words = g_array_new (FALSE, FALSE, sizeof (Hit));
  g_autoptr(GArray) spotted = g_array_new (FALSE, FALSE, sizeof (Hit));
  g_autoptr(GArray) candidates = g_array_new (FALSE, FALSE, sizeof (Hit));
  g_autoptr(GArray) merged = NULL;
  g_autoptr(SlSpeechTranscript) transcript = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *kws_path = NULL;
  gsize n = 0;

  g_array_set_clear_func (words, clear_hit);
  g_array_set_clear_func (spotted, clear_hit);
  g_array_set_clear_func (candidates, clear_hit);

  if (!(samples = sl_speech_audio_load (path, RATE, MAX_SECONDS, &n, cancellable, &local_error)))
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
          g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, SL_TRANSCRIBER_ERROR, SL_TRANSCRIBER_ERROR_UNSUPPORTED,
                     "%s", local_error->message);
      return NULL;
    }
  pcm = sl_speech_audio_to_s16 (samples, n);
  features = sl_audio_analyze (samples, n, RATE, NULL);
  segments = segments_for (features);

  locker = g_mutex_locker_new (&self->mutex);
  if (!ensure_decoder (self, error))
    return NULL;
  if (!(kws_path = write_keyword_file (self, keywords, error)))
    return NULL;
  if (ps_set_kws (self->decoder, "kws", kws_path) < 0)
    {
      g_unlink (kws_path);
      g_set_error (error, SL_TRANSCRIBER_ERROR, SL_TRANSCRIBER_ERROR_FAILED,
                   _("The speech recogniser refused the keyword list"));
      return NULL;
    }
  g_unlink (kws_path);

  /* Two passes per segment: free transcription, then spotting. */
  for (guint i = 0; i < segments->len; i++)
    {
      SlAudioSpan *span = &g_array_index (segments, SlAudioSpan, i);

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      ps_set_search (self->decoder, self->lm_search);
      decode_segment (self, pcm, span, FALSE, words, candidates);
      ps_set_search (self->decoder, "kws");
      decode_segment (self, pcm, span, TRUE, spotted, candidates);
      if (progress != NULL)
        progress ((i + 1.0) / segments->len, progress_data);
    }
  ps_set_search (self->decoder, self->lm_search);
  g_clear_pointer (&locker, g_mutex_locker_free);

  {
    g_autoptr(GArray) kept = score_fillers (self, candidates, words, features, samples, n);
    g_autoptr(GArray) keywords = dedupe_spotted (spotted);

    for (guint i = 0; i < keywords->len; i++)
      {
        Hit copy = g_array_index (keywords, Hit, i);
        gboolean overlaps = FALSE;

        for (guint k = 0; k < kept->len && !overlaps; k++)
          overlaps = copy.start_s < g_array_index (kept, Hit, k).end_s &&
                     copy.end_s > g_array_index (kept, Hit, k).start_s;
        if (overlaps)
          continue;
        copy.word = g_strdup (copy.word);
        g_array_append_val (kept, copy);
      }
    g_array_sort (kept, cmp_hit);
    merged = merge_hits (words, kept);
  }
  transcript = sl_speech_transcript_new ();
  for (guint i = 0; i < merged->len; i++)
    {
      Hit *hit = &g_array_index (merged, Hit, i);

      sl_speech_transcript_add_word (transcript, hit->word, hit->start_s, hit->end_s, hit->confidence);
    }
  sl_speech_transcript_set_draft (transcript, TRUE);
  sl_speech_transcript_set_engine (transcript, ENGINE_ID);
  sl_speech_transcript_set_duration (transcript, features->duration_s);
  if (progress != NULL)
    progress (1.0, progress_data);
  return g_steal_pointer (&transcript);
}

static const char *
sl_transcriber_pocketsphinx_get_engine_id (SlTranscriber *transcriber)
{
  return ENGINE_ID;
}

static void
transcriber_iface_init (SlTranscriberInterface *iface)
{
  iface->get_engine_id = sl_transcriber_pocketsphinx_get_engine_id;
  iface->transcribe = sl_transcriber_pocketsphinx_transcribe;
}

static void
sl_transcriber_pocketsphinx_finalize (GObject *object)
{
  SlTranscriberPocketsphinx *self = (SlTranscriberPocketsphinx *)object;

  g_clear_pointer (&self->decoder, ps_free);
  g_clear_pointer (&self->lm_search, g_free);
  g_mutex_clear (&self->mutex);

  G_OBJECT_CLASS (sl_transcriber_pocketsphinx_parent_class)->finalize (object);
}

static void
sl_transcriber_pocketsphinx_class_init (SlTranscriberPocketsphinxClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sl_transcriber_pocketsphinx_finalize;
}

static void
sl_transcriber_pocketsphinx_init (SlTranscriberPocketsphinx *self)
{
  g_mutex_init (&self->mutex);
  self->filler_threshold = DEFAULT_FILLER_THRESHOLD;
  self->check_syllables = TRUE;
  self->check_words = TRUE;
  self->check_edges = TRUE;
}

SlTranscriber *
sl_transcriber_pocketsphinx_new (void)
{
  return g_object_new (SL_TYPE_TRANSCRIBER_POCKETSPHINX, NULL);
}

void
sl_transcriber_pocketsphinx_set_filler_threshold (SlTranscriberPocketsphinx *self,
                                                  double                     threshold)
{
  g_return_if_fail (SL_IS_TRANSCRIBER_POCKETSPHINX (self));
  g_return_if_fail (threshold >= 0 && threshold <= 1);

  self->filler_threshold = threshold;
}

double
sl_transcriber_pocketsphinx_get_filler_threshold (SlTranscriberPocketsphinx *self)
{
  g_return_val_if_fail (SL_IS_TRANSCRIBER_POCKETSPHINX (self), DEFAULT_FILLER_THRESHOLD);

  return self->filler_threshold;
}

void
sl_transcriber_pocketsphinx_set_check_syllables (SlTranscriberPocketsphinx *self,
                                                 gboolean                   check)
{
  g_return_if_fail (SL_IS_TRANSCRIBER_POCKETSPHINX (self));

  self->check_syllables = !!check;
}

void
sl_transcriber_pocketsphinx_set_check_words (SlTranscriberPocketsphinx *self,
                                             gboolean                   check)
{
  g_return_if_fail (SL_IS_TRANSCRIBER_POCKETSPHINX (self));

  self->check_words = !!check;
}

void
sl_transcriber_pocketsphinx_set_check_edges (SlTranscriberPocketsphinx *self,
                                             gboolean                   check)
{
  g_return_if_fail (SL_IS_TRANSCRIBER_POCKETSPHINX (self));

  self->check_edges = !!check;
}
