#define G_LOG_DOMAIN "sl-answer-analysis"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "sl-answer-analysis.h"
#include "sl-skill-taxonomy.h"

G_DEFINE_BOXED_TYPE (SlAnswerAnalysis, sl_answer_analysis, sl_answer_analysis_ref, sl_answer_analysis_unref)

static gpointer
load_taxonomy_once (gpointer data)
{
  g_autoptr(GError) error = NULL;
  SlSkillTaxonomy *taxonomy = sl_skill_taxonomy_new_default (&error);

  if (taxonomy == NULL)
    g_debug ("Keywords without aliases: %s", error->message);
  return taxonomy;
}

static SlSkillTaxonomy *
shipped_taxonomy (void)
{
  static GOnce once = G_ONCE_INIT;

  return g_once (&once, load_taxonomy_once, NULL);
}

/* Default keyword alias hook, set once at start-up by the application. */
static SlKeywordAliasFunc default_alias_func;
static gpointer default_alias_data;

SlAnswerAnalysis *
sl_answer_analysis_ref (SlAnswerAnalysis *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
sl_answer_analysis_unref (SlAnswerAnalysis *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      g_clear_pointer (&self->fillers_by_word, g_hash_table_unref);
      g_clear_pointer (&self->fillers, g_array_unref);
      g_clear_pointer (&self->pauses, g_array_unref);
      g_clear_pointer (&self->matched_keywords, g_ptr_array_unref);
      g_clear_pointer (&self->missing_keywords, g_ptr_array_unref);
      g_clear_pointer (&self->keyword_words, g_array_unref);
      g_clear_pointer (&self->repeated_word, g_free);
      g_clear_pointer (&self->tips, g_ptr_array_unref);
      g_clear_pointer (&self->transcript, sl_speech_transcript_unref);
      g_clear_pointer (&self->audio, sl_audio_features_unref);
      g_free (self);
    }
}

void
sl_answer_analysis_set_default_alias_func (SlKeywordAliasFunc func,
                                           gpointer           user_data)
{
  default_alias_func = func;
  default_alias_data = user_data;
}

static gboolean
word_in (const char         *word,
         const char * const *list)
{
  return word != NULL && g_strv_contains (list, word);
}

/* ---- Fillers ----------------------------------------------------------- */

static const char *
norm_at (SlSpeechTranscript *t,
         gssize              i)
{
  if (i < 0 || (guint)i >= sl_speech_transcript_get_n_words (t))
    return NULL;
  return sl_speech_transcript_get_word (t, i)->norm;
}

static const char *
hesitation (const char *norm)
{
  static const struct { const char *spelling; const char *canonical; } table[] = {
    { "um", "um" }, { "umm", "um" }, { "ummm", "um" }, { "uhm", "um" }, { "hmm", "hmm" },
    { "uh", "uh" }, { "uhh", "uh" }, { "uhhh", "uh" }, { "er", "er" }, { "erm", "er" },
    { "err", "er" }, { "ah", "ah" }, { "mm", "hmm" }, { "mmm", "hmm" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    {
      if (g_strcmp0 (norm, table[i].spelling) == 0)
        return table[i].canonical;
    }
  return NULL;
}

static gboolean
transcript_is_punctuated (SlSpeechTranscript *t)
{
  guint n = sl_speech_transcript_get_n_words (t);

  for (guint i = 0; i + 1 < n; i++)
    {
      const SlSpeechWord *w = sl_speech_transcript_get_word (t, i);

      if (w->comma_after || w->sentence_end)
        return TRUE;
    }
  return FALSE;
}

/* Whether a word was preceded by a long silence (a clause boundary in an
 * unpunctuated, timed transcript). */
static gboolean
after_gap (SlSpeechTranscript *t,
           guint               i)
{
  const SlSpeechWord *w;
  const SlSpeechWord *prev;

  if (i == 0)
    return TRUE;
  w = sl_speech_transcript_get_word (t, i);
  prev = sl_speech_transcript_get_word (t, i - 1);
  return w->start_s >= 0 && prev->end_s >= 0 && w->start_s - prev->end_s >= 0.35;
}

GArray *
sl_answer_find_fillers (SlSpeechTranscript *t)
{
  static const char * const like_verb_before[] = {
    "i", "you", "we", "they", "would", "i'd", "we'd", "you'd", "they'd", "really", "don't",
    "didn't", "feel", "feels", "look", "looks", "looked", "seem", "seems", "something",
    "anything", "nothing", "more", "most", "just", "do", "does", "did", "not", "she", "he",
    "people", "users", "customers", "things", "much", NULL
  };
  static const char * const object_after[] = {
    "to", "this", "that", "these", "those", "it", "him", "her", "them", "me", "us", "what",
    "how", "when", "where", "why", "who", "whether", "if", NULL
  };
  static const char * const you_know_not_before[] = {
    "do", "did", "don't", "didn't", "if", "would", "will", "can", "could", "should", "may",
    "might", "as", NULL
  };
  static const char * const so_consequence_after[] = {
    "that", "much", "many", "far", "long", "good", "well", "on", "called", "to", NULL
  };
  GArray *hits = g_array_new (FALSE, FALSE, sizeof (SlAnswerFiller));
  guint n;
  gboolean punctuated;

  g_return_val_if_fail (t != NULL, hits);

  n = sl_speech_transcript_get_n_words (t);
  punctuated = transcript_is_punctuated (t);

  for (guint i = 0; i < n; i++)
    {
      const SlSpeechWord *w = sl_speech_transcript_get_word (t, i);
      const char *prev = norm_at (t, (gssize)i - 1);
      const char *next = norm_at (t, i + 1);
      const SlSpeechWord *prev_w = i > 0 ? sl_speech_transcript_get_word (t, i - 1) : NULL;
      gboolean clause_start = punctuated ? w->clause_start : after_gap (t, i);
      gboolean set_off_before = prev_w == NULL || (punctuated ? prev_w->comma_after || prev_w->sentence_end
                                                               : after_gap (t, i));
      const char *canonical = NULL;
      guint n_words = 1;

      if ((canonical = hesitation (w->norm)) != NULL)
        ;
      else if (g_str_equal (w->norm, "like"))
        {
          gboolean after_filler = prev != NULL && hesitation (prev) != NULL;

          if (word_in (prev, like_verb_before))
            ;
          else if (punctuated && (w->comma_after || after_filler ||
                                  (set_off_before && next != NULL && hesitation (next) != NULL)))
            canonical = "like";
          else if (!punctuated && prev != NULL && !word_in (next, object_after) &&
                   (after_filler || word_in (prev, (const char * const[]) { "and", "but", "was", "it's", "so", "just", NULL })))
            canonical = "like";
        }
      else if (g_str_equal (w->norm, "you") && g_strcmp0 (next, "know") == 0)
        {
          const SlSpeechWord *know = sl_speech_transcript_get_word (t, i + 1);
          const char *after = norm_at (t, i + 2);

          if (word_in (prev, you_know_not_before))
            ;
          else if (punctuated ? know->comma_after || know->sentence_end ||
                                (set_off_before && (after == NULL || hesitation (after) != NULL))
                              : !word_in (after, object_after) &&
                                !word_in (after, (const char * const[]) { "the", "a", "an", "about", "my", "our", "your", NULL }))
            {
              canonical = "you know";
              n_words = 2;
            }
        }
      else if (g_str_equal (w->norm, "i") && g_strcmp0 (next, "mean") == 0)
        {
          const SlSpeechWord *mean = sl_speech_transcript_get_word (t, i + 1);

          if (punctuated && mean->comma_after && clause_start)
            {
              canonical = "i mean";
              n_words = 2;
            }
        }
      else if (g_str_equal (w->norm, "basically") || g_str_equal (w->norm, "literally"))
        canonical = w->norm;
      else if (g_str_equal (w->norm, "actually"))
        {
          if (clause_start || w->comma_after || set_off_before)
            canonical = "actually";
        }
      else if (g_str_equal (w->norm, "so"))
        {
          /* "So" opening an answer is a conventional opener, and "so we
           * shipped" is a consequence; a clause-initial "so" set off as a
           * hesitation ("…, so, um, …") is a filler. */
          if (i > 0 && clause_start && !word_in (next, so_consequence_after) &&
              (punctuated ? w->comma_after || (next != NULL && hesitation (next) != NULL)
                          : next != NULL && hesitation (next) != NULL))
            canonical = "so";
        }

      if (canonical != NULL)
        {
          SlAnswerFiller hit = { canonical, i, n_words };

          g_array_append_val (hits, hit);
          i += n_words - 1;
        }
    }
  return hits;
}

/* ---- Words ------------------------------------------------------------- */

char *
sl_answer_stem (const char *word)
{
  g_autofree char *s = g_utf8_strdown (word, -1);
  gsize len = strlen (s);

#define ENDS(suffix) (len > strlen (suffix) + 2 && g_str_has_suffix (s, suffix))
#define CUT(n) G_STMT_START { len -= (n); s[len] = '\0'; } G_STMT_END

  if (len <= 3)
    return g_steal_pointer (&s);

  if (ENDS ("ies"))
    {
      CUT (3);
      s[len++] = 'y';
      s[len] = '\0';
    }
  else if (ENDS ("sses"))
    CUT (2);
  else if (g_str_has_suffix (s, "'s"))
    CUT (2);
  else if (len > 3 && s[len - 1] == 's' && s[len - 2] != 's' && s[len - 2] != 'u' && s[len - 2] != 'i')
    CUT (1);

  if (ENDS ("ations"))
    CUT (5);
  else if (ENDS ("ation"))
    CUT (5);
  else if (ENDS ("ment"))
    CUT (4);
  else if (ENDS ("ing"))
    CUT (3);
  else if (ENDS ("ed"))
    CUT (2);
  else if (ENDS ("er") && len > 6)
    CUT (2);

  if (len > 3 && s[len - 1] == 'e')
    CUT (1);
  if (len > 3 && s[len - 1] == s[len - 2] && strchr ("lsz", s[len - 1]) == NULL &&
      strchr ("aeiou", s[len - 1]) == NULL)
    CUT (1);
  if (len > 3 && s[len - 1] == 'y')
    s[len - 1] = 'i';

#undef ENDS
#undef CUT
  return g_steal_pointer (&s);
}

guint
sl_answer_count_syllables (const char *word)
{
  g_autofree char *s = g_ascii_strdown (word, -1);
  gsize len = strlen (s);
  guint count = 0;
  gboolean in_vowel = FALSE;

  if (len > 0 && g_ascii_isdigit (s[0]))
    return MAX (1, (guint)len);   /* rough: digits are read out */
  for (gsize i = 0; i < len; i++)
    {
      gboolean vowel = strchr ("aeiouy", s[i]) != NULL;

      if (vowel && !in_vowel)
        count++;
      in_vowel = vowel;
    }
  /* A silent final "e" ("make"), but not "-le" ("table") or "the". */
  if (len > 2 && s[len - 1] == 'e' && s[len - 2] != 'l' && strchr ("aeiouy", s[len - 2]) == NULL && count > 1)
    count--;
  if (len > 3 && g_str_has_suffix (s, "ed") && strchr ("td", s[len - 3]) == NULL && count > 1)
    count--;
  return MAX (count, 1);
}

static const char * const stop_words[] = {
  "the", "a", "an", "and", "or", "but", "to", "of", "in", "on", "at", "for", "with", "from",
  "by", "as", "is", "was", "were", "are", "be", "been", "it", "that", "this", "those", "these",
  "i", "we", "you", "they", "he", "she", "me", "my", "our", "your", "their", "them", "us",
  "so", "um", "uh", "like", "know", "then", "than", "there", "what", "which", "who", "when",
  "would", "could", "should", "have", "had", "has", "do", "did", "does", "not", "no", "about",
  "into", "out", "up", "just", "very", "really", "also", "if", "because", "can", "will", NULL
};

static gboolean
is_number_word (const char *norm)
{
  static const char * const numbers[] = {
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    "hundred", "thousand", "million", "billion", "percent", "half", "third", "quarter",
    "dozen", "double", "doubled", "halved", "tripled", NULL
  };

  return g_ascii_isdigit (norm[0]) || g_strv_contains (numbers, norm);
}

static gboolean
is_outcome_word (const char *stem)
{
  static const char * const outcomes[] = {
    "cut", "reduc", "increas", "improv", "sav", "grew", "grow", "launch", "ship", "deliver",
    "finish", "settl", "disappear", "fix", "solv", "succeed", "won", "win", "achiev", "resolv",
    "complet", "lower", "rais", "fast", "faster", "promot", "record", NULL
  };

  return g_strv_contains (outcomes, stem);
}

/* ---- STAR -------------------------------------------------------------- */

static gboolean
contains_any (const char         *padded,
              const char * const *phrases)
{
  for (guint i = 0; phrases[i] != NULL; i++)
    {
      g_autofree char *needle = g_strconcat (" ", phrases[i], " ", NULL);

      if (strstr (padded, needle) != NULL)
        return TRUE;
    }
  return FALSE;
}

static void
find_star (SlAnswerAnalysis   *self,
           SlSpeechTranscript *t)
{
  static const char * const situation[] = {
    "when i was", "at my last", "at my previous", "in my last", "in my previous",
    "in my current", "at my current", "we had a", "we were", "the situation", "there was a",
    "there was an", "our team", "a few years ago", "last year", "at the time", "the context",
    "i was working", "i worked at", "i worked on", "the project", "a project", "one time",
    "once", "a customer", "a client", "a colleague", "a designer", "my manager", "previous company",
    "previous role", "last role", "in infrastructure", NULL
  };
  static const char * const task[] = {
    "my task", "i was responsible", "i was asked", "my role was", "my job was", "i needed to",
    "i had to", "we needed to", "we had to", "the goal", "my goal", "our goal", "the challenge",
    "the problem was", "i was tasked", "the task", "the hardest part", "the aim", "needed to",
    "had to", "disagreed", "wanted to", "the issue was", "the bug", "deadline", NULL
  };
  static const char * const action[] = {
    "i decided", "i started", "i built", "i created", "i wrote", "i set up", "i organised",
    "i organized", "i proposed", "i led", "i worked with", "i talked", "i spoke", "i met",
    "i reviewed", "i added", "i introduced", "i implemented", "i designed", "i ran", "we ran",
    "we added", "we built", "we decided", "we introduced", "we implemented", "i pair",
    "i pairing", "i check", "i keep", "i ask", "i try", "i took", "i asked", "i suggested",
    "i made", "i changed", "i analysed", "i analyzed", "i measured", "i tested", "i fixed",
    "i moved", "i called", "i explained", "i focused", "i prioritised", "i prioritized", NULL
  };
  static const char * const result[] = {
    "as a result", "the result", "in the end", "which meant", "that meant", "resulted",
    "led to", "we cut", "cut", "reduced", "increased", "improved", "saved", "grew", "doubled",
    "halved", "launched", "shipped", "delivered", "settled", "disappeared", "solved",
    "succeeded", "outcome", "percent", "ended up", "learned", "since then", "now i", "fixed",
    "went from", "dropped", "on time", "so that", "which helped", "it worked", NULL
  };
  GString *padded = g_string_new (" ");
  g_autofree char *text = NULL;
  guint n = sl_speech_transcript_get_n_words (t);

  for (guint i = 0; i < n; i++)
    {
      g_string_append (padded, sl_speech_transcript_get_word (t, i)->norm);
      g_string_append_c (padded, ' ');
    }
  text = g_string_free (padded, FALSE);

  self->star_situation = contains_any (text, situation);
  self->star_task = contains_any (text, task);
  self->star_action = contains_any (text, action);
  self->star_result = contains_any (text, result);

  /* A first-person past-tense verb is an action too ("we migrated"). */
  for (guint i = 0; i + 1 < n && !self->star_action; i++)
    {
      const char *a = sl_speech_transcript_get_word (t, i)->norm;
      const char *b = sl_speech_transcript_get_word (t, i + 1)->norm;

      if ((g_str_equal (a, "i") || g_str_equal (a, "we")) && strlen (b) > 4 && g_str_has_suffix (b, "ed"))
        self->star_action = TRUE;
    }
}

/* ---- Keywords ---------------------------------------------------------- */

/* Splits into lower-case stems on anything that is not a letter or digit. */
static GPtrArray *
stem_tokens (const char *text)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) token = g_string_new (NULL);

  for (const char *p = text; ; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c != 0 && (g_unichar_isalnum (c) || c == '\''))
        {
          if (c != '\'')
            g_string_append_unichar (token, g_unichar_tolower (c));
          continue;
        }
      if (token->len > 0)
        {
          g_ptr_array_add (out, sl_answer_stem (token->str));
          g_string_truncate (token, 0);
        }
      if (c == 0)
        break;
    }
  return out;
}

static gboolean
match_phrase (GPtrArray *haystack,
              GPtrArray *needle,
              GArray    *positions)
{
  gboolean found = FALSE;

  if (needle->len == 0 || needle->len > haystack->len)
    return FALSE;
  for (guint i = 0; i + needle->len <= haystack->len; i++)
    {
      guint k;

      for (k = 0; k < needle->len; k++)
        {
          if (!g_str_equal (haystack->pdata[i + k], needle->pdata[k]))
            break;
        }
      if (k == needle->len)
        {
          found = TRUE;
          for (k = 0; k < needle->len; k++)
            {
              guint index = i + k;

              g_array_append_val (positions, index);
            }
        }
    }
  return found;
}

static void
find_keywords (SlAnswerAnalysis            *self,
               SlSpeechTranscript          *t,
               const SlAnswerAnalysisInput *input)
{
  g_autoptr(GPtrArray) stems = g_ptr_array_new_with_free_func (g_free);
  SlKeywordAliasFunc alias_func = input->alias_func != NULL ? input->alias_func : default_alias_func;
  gpointer alias_data = input->alias_func != NULL ? input->alias_data : default_alias_data;
  guint n_keywords = 0;
  guint n = t != NULL ? sl_speech_transcript_get_n_words (t) : 0;

  /* Without a hook from the application, the shipped skills taxonomy knows
   * that "k8s" is Kubernetes. Loaded once, shared read-only between threads. */
  if (alias_func == NULL && (alias_data = shipped_taxonomy ()) != NULL)
    alias_func = sl_skill_taxonomy_keyword_aliases;

  for (guint i = 0; i < n; i++)
    {
      /* Transcript words are already split; "fifty-five" was two. */
      g_ptr_array_add (stems, sl_answer_stem (sl_speech_transcript_get_word (t, i)->norm));
    }

  for (guint k = 0; input->keywords != NULL && input->keywords[k] != NULL; k++)
    {
      const char *keyword = input->keywords[k];
      g_auto(GStrv) aliases = NULL;
      g_autoptr(GPtrArray) needle = NULL;
      gboolean found;

      if (*keyword == '\0')
        continue;
      n_keywords++;
      needle = stem_tokens (keyword);
      found = match_phrase (stems, needle, self->keyword_words);
      if (alias_func != NULL && (aliases = alias_func (keyword, alias_data)) != NULL)
        {
          for (guint a = 0; aliases[a] != NULL; a++)
            {
              g_autoptr(GPtrArray) alias = stem_tokens (aliases[a]);

              found |= match_phrase (stems, alias, self->keyword_words);
            }
        }
      g_ptr_array_add (found ? self->matched_keywords : self->missing_keywords, g_strdup (keyword));
    }
  self->keyword_coverage = n_keywords > 0 ? (double)self->matched_keywords->len / n_keywords : 1.0;
}

static void
find_repetition (SlAnswerAnalysis   *self,
                 SlSpeechTranscript *t)
{
  g_autoptr(GHashTable) words = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) pairs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint n = sl_speech_transcript_get_n_words (t);
  guint content = 0;
  guint n_pairs = 0;
  guint repeated_pairs = 0;
  GHashTableIter iter;
  gpointer key, value;

  for (guint i = 0; i < n; i++)
    {
      const char *w = sl_speech_transcript_get_word (t, i)->norm;
      g_autofree char *stem = NULL;

      if (g_strv_contains (stop_words, w) || strlen (w) < 4)
        continue;
      stem = sl_answer_stem (w);
      content++;
      g_hash_table_insert (words, g_strdup (w),
                           GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (words, w)) + 1));
    }
  for (guint i = 0; i + 1 < n; i++)
    {
      g_autofree char *pair = g_strconcat (sl_speech_transcript_get_word (t, i)->norm, " ",
                                           sl_speech_transcript_get_word (t, i + 1)->norm, NULL);
      guint count = GPOINTER_TO_UINT (g_hash_table_lookup (pairs, pair));

      n_pairs++;
      if (count > 0)
        repeated_pairs++;
      g_hash_table_insert (pairs, g_steal_pointer (&pair), GUINT_TO_POINTER (count + 1));
    }
  self->repetition = n_pairs > 0 ? (double)repeated_pairs / n_pairs : 0;

  g_hash_table_iter_init (&iter, words);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      guint count = GPOINTER_TO_UINT (value);

      /* Overused: four times or more, and over 8 % of the content words. */
      if (count >= 4 && count * 100 >= content * 8 &&
          (count > self->repeated_count ||
           (count == self->repeated_count && g_strcmp0 (key, self->repeated_word) < 0)))
        {
          g_free (self->repeated_word);
          self->repeated_word = g_strdup (key);
          self->repeated_count = count;
        }
    }
}

/* ---- Scores and tips --------------------------------------------------- */

typedef struct
{
  double  weight;
  char   *text;
} Tip;

static void
add_tip (GArray     *tips,
         double      weight,
         char       *text)
{
  Tip tip = { weight, text };

  g_array_append_val (tips, tip);
}

static int
cmp_tip (gconstpointer a,
         gconstpointer b)
{
  const Tip *x = a;
  const Tip *y = b;

  return (x->weight < y->weight) - (x->weight > y->weight);
}

static char *
join_quoted (GPtrArray *list,
             guint      max)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < list->len && i < max; i++)
    {
      if (i > 0)
        g_string_append (s, ", ");
      g_string_append_printf (s, "“%s”", (const char *)list->pdata[i]);
    }
  return g_string_free (s, FALSE);
}

static const char *
top_filler (SlAnswerAnalysis *self,
            guint            *count)
{
  GHashTableIter iter;
  gpointer key, value;
  const char *best = NULL;

  *count = 0;
  g_hash_table_iter_init (&iter, self->fillers_by_word);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      guint c = GPOINTER_TO_UINT (value);

      if (c > *count || (c == *count && g_strcmp0 (key, best) < 0))
        {
          best = key;
          *count = c;
        }
    }
  return best;
}

static void
score (SlAnswerAnalysis            *self,
       const SlAnswerAnalysisInput *input)
{
  g_autoptr(GArray) tips = g_array_new (FALSE, FALSE, sizeof (Tip));
  double delivery = 100;
  double content = 0;
  double content_max = 0;
  double penalty;
  gboolean have_words = self->words > 0;
  gboolean have_keywords = self->matched_keywords->len + self->missing_keywords->len > 0;

  /* Delivery. */
  if (have_words && self->speaking_s >= 5)
    {
      if (self->wpm < 110)
        {
          penalty = MIN (30, (110 - self->wpm) * 0.6);
          delivery -= penalty;
          add_tip (tips, penalty,
                   g_strdup_printf (_("You spoke at about %.0f words per minute, which can sound hesitant; "
                                      "aim for 120–160 by planning your first sentence."), self->wpm));
        }
      else if (self->wpm > 170)
        {
          penalty = MIN (30, (self->wpm - 170) * 0.6);
          delivery -= penalty;
          add_tip (tips, penalty,
                   g_strdup_printf (_("You spoke at about %.0f words per minute; slowing to 130–160 "
                                      "gives the interviewer time to follow."), self->wpm));
        }
    }
  /* One filler in an answer is ordinary speech, however short the answer
   * (and from audio alone, one may be a misheard word): the tip needs a
   * habit, at least two. */
  if (self->fillers_per_minute > 2 && self->filler_total >= 2)
    {
      guint count;
      const char *word = top_filler (self, &count);

      penalty = MIN (30, (self->fillers_per_minute - 2) * 5);
      delivery -= penalty;
      add_tip (tips, penalty + 5,
               /* Translators: e.g. You said “um” 14 times — 5 per minute; … */
               g_strdup_printf (ngettext ("You said “%s” %u time — %.0f fillers per minute in all; aim for under 2. "
                                          "A short silent pause works better than a filler.",
                                          "You said “%s” %u times — %.0f fillers per minute in all; aim for under 2. "
                                          "A short silent pause works better than a filler.", count),
                                word, count, self->fillers_per_minute));
    }
  if (self->long_pauses > 1)
    {
      penalty = MIN (20, (self->long_pauses - 1) * 6);
      delivery -= penalty;
      add_tip (tips, penalty,
               g_strdup_printf (ngettext ("There was %u pause of two seconds or more; a bridging phrase such as "
                                          "“Let me think of the best example” keeps the flow.",
                                          "There were %u pauses of two seconds or more; a bridging phrase such as "
                                          "“Let me think of the best example” keeps the flow.", self->long_pauses),
                                self->long_pauses));
    }
  if (self->audio != NULL && self->audio->voiced_fraction > 0.2 &&
      self->pitch_variation_st >= 0 && self->pitch_variation_st < 1.5 && self->speaking_s >= 5)
    {
      delivery -= 10;
      add_tip (tips, 10, g_strdup (_("Your pitch stayed quite flat; stressing the key word of each sentence "
                                     "makes you sound more engaged.")));
    }
  if (self->audio != NULL && self->speaking_s > 0 && self->loudness_dbfs < -40)
    {
      delivery -= 10;
      add_tip (tips, 9, g_strdup (_("The recording is quiet; sit closer to the microphone or speak up a little.")));
    }
  if (self->length_ratio > 0 && input->suggested_seconds > 0)
    {
      double spoken = self->speaking_s;

      if (self->length_ratio < 0.5)
        {
          penalty = MIN (20, (0.5 - self->length_ratio) * 40);
          delivery -= penalty;
          add_tip (tips, penalty + 4,
                   g_strdup_printf (_("The answer lasted %.0f seconds against a suggested %.0f; "
                                      "develop it with a concrete example."), spoken, input->suggested_seconds));
        }
      else if (self->length_ratio > 1.6)
        {
          penalty = MIN (15, (self->length_ratio - 1.6) * 20);
          delivery -= penalty;
          add_tip (tips, penalty,
                   g_strdup_printf (_("The answer ran %.0f seconds against a suggested %.0f; "
                                      "try to land the main point sooner."), spoken, input->suggested_seconds));
        }
    }

  /* Content. */
  if (have_keywords)
    {
      content += 45 * self->keyword_coverage;
      content_max += 45;
      if (self->missing_keywords->len > 0)
        {
          g_autofree char *list = join_quoted (self->missing_keywords, 3);

          add_tip (tips, 30 * (1 - self->keyword_coverage) + 3,
                   g_strdup_printf (ngettext ("The answer did not mention %s, which the question is looking for.",
                                              "The answer did not mention %s, which the question is looking for.",
                                              MIN (self->missing_keywords->len, 3)), list));
        }
    }
  if (input->expect_star)
    {
      content += 7.5 * (self->star_situation + self->star_task + self->star_action + self->star_result);
      content_max += 30;
      if (!self->star_result)
        add_tip (tips, 20, g_strdup (_("You never said what the result was: end with the outcome, ideally with a number.")));
      if (!self->star_situation)
        add_tip (tips, 12, g_strdup (_("Set the scene first: one sentence on the situation before what you did.")));
      if (!self->star_action)
        add_tip (tips, 15, g_strdup (_("Say what you did yourself — “I decided…”, “I built…” — not only what happened.")));
      if (!self->star_task && self->star_situation)
        add_tip (tips, 6, g_strdup (_("Say what your own goal or responsibility was before describing the actions.")));
    }
  else
    {
      content += 15 * (self->star_action + self->star_result);
      content_max += 30;
    }
  content += 15 * MIN (1.0, self->specifics / 3.0);
  content_max += 15;
  if (self->specifics == 0 && have_words)
    add_tip (tips, 11, g_strdup (_("Add a concrete detail — a number, a time frame or an outcome — "
                                   "to make the answer memorable.")));
  content += 10 * MIN (1.0, self->words / 60.0);
  content_max += 10;
  content = content_max > 0 ? 100 * content / content_max : 0;
  if (self->repeated_word != NULL)
    {
      content -= MIN (10, self->repeated_count);
      add_tip (tips, 7,
               g_strdup_printf (ngettext ("You used “%s” %u time; varying the wording keeps the answer fresh.",
                                          "You used “%s” %u times; varying the wording keeps the answer fresh.",
                                          self->repeated_count),
                                self->repeated_word, self->repeated_count));
    }
  if (!have_words)
    content = 0;

  /* Nothing heard: there is nothing to score, and one thing to say. */
  if (!have_words && (self->audio == NULL || self->speaking_s < 1.0))
    {
      delivery = 0;
      content = 0;
      for (guint i = 0; i < tips->len; i++)
        g_free (g_array_index (tips, Tip, i).text);
      g_array_set_size (tips, 0);
      add_tip (tips, 100, g_strdup (_("No speech was heard in the recording; check that the microphone is on, "
                                      "not muted, and close enough.")));
    }

  self->score_delivery = (int)round (CLAMP (delivery, 0, 100));
  self->score_content = (int)round (CLAMP (content, 0, 100));
  self->score_overall = (int)round ((self->score_content + self->score_delivery) / 2.0);

  g_array_sort (tips, cmp_tip);
  for (guint i = 0; i < tips->len; i++)
    {
      Tip *tip = &g_array_index (tips, Tip, i);

      if (self->tips->len < 3)
        g_ptr_array_add (self->tips, g_steal_pointer (&tip->text));
      else
        g_free (tip->text);
    }
  if (self->tips->len == 0 && have_words)
    g_ptr_array_add (self->tips, g_strdup (_("A clear, well-paced answer: keep the same structure for the next one.")));
}

SlAnswerAnalysis *
sl_answer_analyze (SlSpeechTranscript          *transcript,
                   SlAudioFeatures             *audio,
                   const SlAnswerAnalysisInput *input)
{
  SlAnswerAnalysisInput empty = { 0 };
  SlAnswerAnalysis *self;
  guint n;
  double minutes;

  g_return_val_if_fail (transcript != NULL || audio != NULL, NULL);

  if (input == NULL)
    input = &empty;

  self = g_new0 (SlAnswerAnalysis, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->fillers_by_word = g_hash_table_new (g_str_hash, g_str_equal);
  self->pauses = g_array_new (FALSE, FALSE, sizeof (SlAudioSpan));
  self->matched_keywords = g_ptr_array_new_with_free_func (g_free);
  self->missing_keywords = g_ptr_array_new_with_free_func (g_free);
  self->keyword_words = g_array_new (FALSE, FALSE, sizeof (guint));
  self->tips = g_ptr_array_new_with_free_func (g_free);
  self->transcript = transcript != NULL ? sl_speech_transcript_ref (transcript) : NULL;
  self->audio = audio != NULL ? sl_audio_features_ref (audio) : NULL;
  self->loudness_dbfs = -100;
  self->pitch_variation_st = -1;
  self->wpm_audio_estimate = -1;

  n = transcript != NULL ? sl_speech_transcript_get_n_words (transcript) : 0;
  self->words = n;

  /* Timing: the audio's voice activity when there is audio, else the
   * word timings. */
  if (audio != NULL)
    {
      self->duration_s = audio->duration_s;
      self->speaking_s = audio->speaking_s;
      self->long_pauses = audio->long_pauses;
      g_array_append_vals (self->pauses, audio->pauses->data, audio->pauses->len);
      self->loudness_dbfs = audio->loudness_dbfs;
      if (audio->voiced_fraction > 0)
        self->pitch_variation_st = audio->pitch_variation_st;
      /* English averages about 1.5 syllables per word in conversation. */
      if (audio->speaking_s > 0)
        self->wpm_audio_estimate = audio->syllables_per_minute / 1.5;
    }
  else if (transcript != NULL && sl_speech_transcript_has_timings (transcript))
    {
      const SlSpeechWord *first = sl_speech_transcript_get_word (transcript, 0);
      const SlSpeechWord *last = sl_speech_transcript_get_word (transcript, n - 1);
      double gaps = 0;

      for (guint i = 1; i < n; i++)
        {
          const SlSpeechWord *a = sl_speech_transcript_get_word (transcript, i - 1);
          const SlSpeechWord *b = sl_speech_transcript_get_word (transcript, i);
          double gap = b->start_s - a->end_s;

          if (gap >= 0.3)
            {
              SlAudioSpan span = { a->end_s, b->start_s };

              g_array_append_val (self->pauses, span);
            }
          if (gap >= 2.0)
            self->long_pauses++;
          /* As for audio: a sentence break is speaking time. */
          if (gap >= 1.0)
            gaps += gap - 0.5;
        }
      self->duration_s = MAX (sl_speech_transcript_get_duration (transcript), last->end_s);
      self->speaking_s = MAX (0.0, last->end_s - first->start_s - gaps);
    }
  else if (transcript != NULL)
    self->duration_s = MAX (0.0, sl_speech_transcript_get_duration (transcript));

  if (n > 0 && self->speaking_s > 0)
    self->wpm = n * 60.0 / self->speaking_s;
  else if (n == 0 && self->wpm_audio_estimate > 0)
    {
      self->wpm = self->wpm_audio_estimate;
      self->wpm_from_audio = TRUE;
    }

  if (transcript != NULL)
    {
      self->fillers = sl_answer_find_fillers (transcript);
      for (guint i = 0; i < self->fillers->len; i++)
        {
          const SlAnswerFiller *hit = &g_array_index (self->fillers, SlAnswerFiller, i);
          guint count = GPOINTER_TO_UINT (g_hash_table_lookup (self->fillers_by_word, hit->filler));

          g_hash_table_insert (self->fillers_by_word, (gpointer)hit->filler, GUINT_TO_POINTER (count + 1));
        }
      self->filler_total = self->fillers->len;
      find_star (self, transcript);
      find_repetition (self, transcript);
      for (guint i = 0; i < n; i++)
        {
          const char *norm = sl_speech_transcript_get_word (transcript, i)->norm;
          g_autofree char *stem = sl_answer_stem (norm);

          if (is_number_word (norm) || is_outcome_word (stem))
            self->specifics++;
        }
    }
  else
    self->fillers = g_array_new (FALSE, FALSE, sizeof (SlAnswerFiller));

  find_keywords (self, transcript, input);

  minutes = (self->speaking_s > 0 ? self->speaking_s : self->duration_s) / 60.0;
  self->fillers_per_minute = minutes > 0 ? self->filler_total / minutes : 0;
  if (input->suggested_seconds > 0 && self->speaking_s > 0)
    self->length_ratio = self->speaking_s / input->suggested_seconds;

  score (self, input);
  return self;
}

static void
add_double (JsonBuilder *builder,
            const char  *name,
            double       value,
            int          decimals)
{
  double scale = pow (10, decimals);

  json_builder_set_member_name (builder, name);
  json_builder_add_double_value (builder, round (value * scale) / scale);
}

static void
add_strings (JsonBuilder *builder,
             const char  *name,
             GPtrArray   *strings)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; i < strings->len; i++)
    json_builder_add_string_value (builder, strings->pdata[i]);
  json_builder_end_array (builder);
}

JsonNode *
sl_answer_analysis_to_json (SlAnswerAnalysis *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GList) keys = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  json_builder_begin_object (builder);
  add_double (builder, "duration_s", self->duration_s, 2);
  add_double (builder, "speaking_s", self->speaking_s, 2);
  json_builder_set_member_name (builder, "words");
  json_builder_add_int_value (builder, self->words);
  add_double (builder, "wpm", self->wpm, 1);

  json_builder_set_member_name (builder, "fillers");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "total");
  json_builder_add_int_value (builder, self->filler_total);
  add_double (builder, "per_minute", self->fillers_per_minute, 2);
  json_builder_set_member_name (builder, "by_word");
  json_builder_begin_object (builder);
  keys = g_list_sort (g_hash_table_get_keys (self->fillers_by_word), (GCompareFunc)g_strcmp0);
  for (GList *l = keys; l != NULL; l = l->next)
    {
      json_builder_set_member_name (builder, l->data);
      json_builder_add_int_value (builder, GPOINTER_TO_UINT (g_hash_table_lookup (self->fillers_by_word, l->data)));
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "long_pauses");
  json_builder_add_int_value (builder, self->long_pauses);
  add_double (builder, "keyword_coverage", self->keyword_coverage, 3);
  add_strings (builder, "missing_keywords", self->missing_keywords);

  json_builder_set_member_name (builder, "star");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "situation");
  json_builder_add_boolean_value (builder, self->star_situation);
  json_builder_set_member_name (builder, "task");
  json_builder_add_boolean_value (builder, self->star_task);
  json_builder_set_member_name (builder, "action");
  json_builder_add_boolean_value (builder, self->star_action);
  json_builder_set_member_name (builder, "result");
  json_builder_add_boolean_value (builder, self->star_result);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "transcript");
  json_builder_add_string_value (builder, self->transcript != NULL ? sl_speech_transcript_get_text (self->transcript) : "");
  json_builder_set_member_name (builder, "draft");
  json_builder_add_boolean_value (builder, self->transcript == NULL || sl_speech_transcript_get_draft (self->transcript));

  json_builder_set_member_name (builder, "score");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "content");
  json_builder_add_int_value (builder, self->score_content);
  json_builder_set_member_name (builder, "delivery");
  json_builder_add_int_value (builder, self->score_delivery);
  json_builder_set_member_name (builder, "overall");
  json_builder_add_int_value (builder, self->score_overall);
  json_builder_end_object (builder);

  add_strings (builder, "tips", self->tips);

  /* Extras beyond the contract, for the report and the UI. */
  if (self->wpm_audio_estimate >= 0)
    add_double (builder, "wpm_audio_estimate", self->wpm_audio_estimate, 1);
  if (self->audio != NULL)
    {
      add_double (builder, "loudness_dbfs", self->loudness_dbfs, 1);
      add_double (builder, "pitch_variation_st", MAX (self->pitch_variation_st, 0), 2);
    }
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}
