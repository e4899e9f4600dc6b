#define G_LOG_DOMAIN "sl-transcriber-pocketsphinx"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <pocketsphinx.h>
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

/* Only "um": "uh" is a single vowel that the spotter finds everywhere
 * (measured on flite and espeak-ng speech), so it is not spotted. */
static const char * const fillers[] = { "um", NULL };

struct _SlTranscriberPocketsphinx
{
  GObject       parent_instance;

  /* The decoder is not thread-safe: one transcription at a time. */
  GMutex        mutex;
  ps_decoder_t *decoder;
  char         *lm_search;
  double        filler_threshold;
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
} Hit;

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

static void
decode_segment (SlTranscriberPocketsphinx *self,
                const gint16              *pcm,
                SlAudioSpan               *span,
                gboolean                   spotting,
                GArray                    *hits)
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

      /* Fillers come from spotting only: the language model's rare "ah"
       * or "uh" are guesses, not hesitations it heard. */
      if (word == NULL ||
          (!spotting && g_strv_contains ((const char * const[]) { "ah", "uh", "um", "hmm", "er", NULL }, word)))
        continue;
      ps_seg_frames (seg, &sf, &ef);
      hit.word = g_steal_pointer (&word);
      hit.start_s = span->start_s + sf / FRAMES_PER_S;
      hit.end_s = span->start_s + (ef + 1) / FRAMES_PER_S;
      hit.confidence = CLAMP (logmath_exp (lmath, ps_seg_prob (seg, NULL, NULL, NULL)), 0.0, 1.0);
      hit.spotted = spotting;
      g_array_append_val (hits, hit);
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

static gboolean
silent_near (SlAudioFeatures *features,
             double           time_s,
             int              direction)
{
  guint8 *speech = (guint8 *)features->frame_speech->data;
  gssize n = features->frame_speech->len;
  gssize f = (gssize)(time_s / SL_AUDIO_FRAME_S);
  guint run = 0;

  /* Looks up to 0.15 s away for 0.12 s of silence (or the clip's edge). */
  for (gssize k = 0; k < 15 + 12; k++)
    {
      gssize i = f + direction * k;

      if (i < 0 || i >= n)
        return TRUE;
      run = speech[i] ? 0 : run + 1;
      if (run >= 12)
        return TRUE;
    }
  return FALSE;
}

/* A spotted filler is kept when it is long enough to be a filled pause
 * and set off by silence on at least one side, as hesitations are; this
 * removes most of the spotter's false alarms inside fluent speech. */
static GArray *
filter_fillers (GArray          *spotted,
                SlAudioFeatures *features)
{
  GArray *kept = g_array_new (FALSE, FALSE, sizeof (Hit));

  g_array_set_clear_func (kept, clear_hit);
  g_array_sort (spotted, cmp_hit);
  for (guint i = 0; i < spotted->len; i++)
    {
      Hit *hit = &g_array_index (spotted, Hit, i);
      gboolean is_filler = g_strv_contains (fillers, hit->word);
      Hit copy;

      if (kept->len > 0)
        {
          Hit *prev = &g_array_index (kept, Hit, kept->len - 1);

          if (hit->start_s < prev->end_s)
            continue;
        }
      if (is_filler &&
          (hit->end_s - hit->start_s < 0.15 ||
           !(silent_near (features, hit->start_s, -1) || silent_near (features, hit->end_s, 1))))
        continue;
      copy = *hit;
      copy.word = g_strdup (hit->word);
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

  for (guint i = 0; fillers[i] != NULL; i++)
    g_string_append_printf (contents, "%s /%g/\n", fillers[i], self->filler_threshold);

  /* Expected keywords the dictionary knows, one spotting line each. */
  for (guint i = 0; keywords != NULL && keywords[i] != NULL; i++)
    {
      g_autofree char *lower = g_utf8_strdown (keywords[i], -1);
      g_auto(GStrv) parts = g_strsplit_set (lower, " -/", -1);
      g_autoptr(GString) phrase = g_string_new (NULL);
      gboolean known = TRUE;

      for (guint p = 0; parts[p] != NULL; p++)
        {
          if (*parts[p] == '\0')
            continue;
          if (ps_lookup_word (self->decoder, parts[p]) == NULL)
            known = FALSE;
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
  g_autoptr(GArray) merged = NULL;
  g_autoptr(SlSpeechTranscript) transcript = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *kws_path = NULL;
  gsize n = 0;

  g_array_set_clear_func (words, clear_hit);
  g_array_set_clear_func (spotted, clear_hit);

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
      decode_segment (self, pcm, span, FALSE, words);
      ps_set_search (self->decoder, "kws");
      decode_segment (self, pcm, span, TRUE, spotted);
      if (progress != NULL)
        progress ((i + 1.0) / segments->len, progress_data);
    }
  ps_set_search (self->decoder, self->lm_search);
  g_clear_pointer (&locker, g_mutex_locker_free);

  {
    g_autoptr(GArray) kept = filter_fillers (spotted, features);

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
  self->filler_threshold = 1e+3;
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
  g_return_if_fail (threshold > 0 && threshold < 1);

  self->filler_threshold = threshold;
}
