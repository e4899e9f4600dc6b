#define G_LOG_DOMAIN "sl-speech-transcript"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sl-speech-transcript.h"

struct _SlSpeechTranscript
{
  gatomicrefcount  ref_count;
  GArray          *words;        /* SlSpeechWord */
  char            *text;
  char            *engine;
  double           duration_s;
  guint            draft : 1;
  guint            pending_clause : 1;
};

G_DEFINE_BOXED_TYPE (SlSpeechTranscript, sl_speech_transcript,
                     sl_speech_transcript_ref, sl_speech_transcript_unref)

G_DEFINE_QUARK (sl-speech-transcript-error-quark, sl_speech_transcript_error)

static void
clear_word (gpointer data)
{
  SlSpeechWord *word = data;

  g_clear_pointer (&word->text, g_free);
  g_clear_pointer (&word->norm, g_free);
}

SlSpeechTranscript *
sl_speech_transcript_new (void)
{
  SlSpeechTranscript *self = g_new0 (SlSpeechTranscript, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->words = g_array_new (FALSE, TRUE, sizeof (SlSpeechWord));
  g_array_set_clear_func (self->words, clear_word);
  self->duration_s = -1;
  self->pending_clause = TRUE;
  return self;
}

SlSpeechTranscript *
sl_speech_transcript_ref (SlSpeechTranscript *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
sl_speech_transcript_unref (SlSpeechTranscript *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      g_array_unref (self->words);
      g_free (self->text);
      g_free (self->engine);
      g_free (self);
    }
}

static gboolean
is_word_char (gunichar c)
{
  return g_unichar_isalnum (c) || c == '\'' || c == 0x2019;
}

/* Splits text into words and records the punctuation around them; every
 * word gets the same times (callers pass one word at a time when they
 * have timings). */
static void
add_tokens (SlSpeechTranscript *self,
            const char         *text,
            double              start_s,
            double              end_s,
            double              confidence)
{
  const char *p = text;

  while (*p != '\0')
    {
      gunichar c = g_utf8_get_char (p);

      if (is_word_char (c) && c != '\'' && c != 0x2019)
        {
          g_autoptr(GString) word = g_string_new (NULL);
          g_autoptr(GString) norm = g_string_new (NULL);
          SlSpeechWord w = { 0 };

          while (*p != '\0' && is_word_char (c = g_utf8_get_char (p)))
            {
              if (c == 0x2019)
                c = '\'';
              g_string_append_unichar (word, c);
              g_string_append_unichar (norm, g_unichar_tolower (c));
              p = g_utf8_next_char (p);
            }
          /* Trailing apostrophes are quotes, not part of the word. */
          while (norm->len > 0 && norm->str[norm->len - 1] == '\'')
            {
              g_string_truncate (norm, norm->len - 1);
              g_string_truncate (word, word->len - 1);
            }
          w.text = g_string_free (g_steal_pointer (&word), FALSE);
          w.norm = g_string_free (g_steal_pointer (&norm), FALSE);
          w.start_s = start_s;
          w.end_s = end_s;
          w.confidence = confidence;
          w.clause_start = self->pending_clause;
          self->pending_clause = FALSE;
          g_array_append_val (self->words, w);
          continue;
        }

      if (self->words->len > 0)
        {
          SlSpeechWord *last = &g_array_index (self->words, SlSpeechWord, self->words->len - 1);

          switch (c)
            {
            case '.': case '?': case '!': case 0x2026:
              last->sentence_end = TRUE;
              self->pending_clause = TRUE;
              break;
            case ',': case ';': case ':': case 0x2014: case 0x2013: case '(': case ')':
              last->comma_after = TRUE;
              self->pending_clause = TRUE;
              break;
            case '-':
              /* " - " is a dash; "fifty-five" is two words in one clause. */
              if (p > text && g_ascii_isspace (p[-1]))
                {
                  last->comma_after = TRUE;
                  self->pending_clause = TRUE;
                }
              break;
            default:
              break;
            }
        }
      p = g_utf8_next_char (p);
    }
}

SlSpeechTranscript *
sl_speech_transcript_new_from_text (const char *text)
{
  g_autoptr(SlSpeechTranscript) self = sl_speech_transcript_new ();

  g_return_val_if_fail (text != NULL, NULL);

  add_tokens (self, text, -1, -1, -1);
  self->text = g_strstrip (g_strdup (text));
  return g_steal_pointer (&self);
}

static double
member_double (JsonObject *object,
               const char *name,
               double      fallback)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || JSON_NODE_TYPE (node) != JSON_NODE_VALUE)
    return fallback;
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    {
      const char *s = json_node_get_string (node);
      char *end = NULL;
      double v = g_ascii_strtod (s, &end);

      return end != s ? v : fallback;
    }
  if (json_node_get_value_type (node) == G_TYPE_INT64 ||
      json_node_get_value_type (node) == G_TYPE_DOUBLE)
    return json_node_get_double (node);
  return fallback;
}

/* Amazon Transcribe: results.items[] with type "pronunciation" (times as
 * strings) and "punctuation" (no times). */
static gboolean
load_transcribe (SlSpeechTranscript  *self,
                 JsonObject          *results,
                 GError             **error)
{
  JsonArray *items = json_object_get_array_member (results, "items");
  JsonArray *transcripts;

  if (items == NULL)
    {
      g_set_error (error, SL_SPEECH_TRANSCRIPT_ERROR, SL_SPEECH_TRANSCRIPT_ERROR_INVALID,
                   _("The transcript has no items"));
      return FALSE;
    }
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      JsonArray *alternatives;
      JsonObject *best;
      const char *type;
      const char *content;

      if (item == NULL)
        continue;
      type = json_object_get_string_member_with_default (item, "type", "pronunciation");
      alternatives = json_object_get_array_member (item, "alternatives");
      if (alternatives == NULL || json_array_get_length (alternatives) == 0)
        continue;
      best = json_array_get_object_element (alternatives, 0);
      if (best == NULL || (content = json_object_get_string_member_with_default (best, "content", NULL)) == NULL)
        continue;
      if (g_strcmp0 (type, "punctuation") == 0)
        add_tokens (self, content, -1, -1, -1);
      else
        add_tokens (self, content,
                    member_double (item, "start_time", -1),
                    member_double (item, "end_time", -1),
                    member_double (best, "confidence", -1));
    }
  if ((transcripts = json_object_get_array_member (results, "transcripts")) != NULL &&
      json_array_get_length (transcripts) > 0)
    {
      JsonObject *first = json_array_get_object_element (transcripts, 0);

      if (first != NULL)
        sl_speech_transcript_set_text (self, json_object_get_string_member_with_default (first, "transcript", NULL));
    }
  sl_speech_transcript_set_engine (self, "amazon-transcribe");
  return TRUE;
}

SlSpeechTranscript *
sl_speech_transcript_new_from_json (const char  *json,
                                    GError     **error)
{
  g_autoptr(SlSpeechTranscript) self = sl_speech_transcript_new ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root;
  JsonArray *words;

  g_return_val_if_fail (json != NULL, NULL);

  if (!json_parser_load_from_data (parser, json, -1, error))
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, SL_SPEECH_TRANSCRIPT_ERROR, SL_SPEECH_TRANSCRIPT_ERROR_INVALID,
                   _("A JSON transcript must be an object"));
      return NULL;
    }
  root = json_node_get_object (json_parser_get_root (parser));

  if (json_object_has_member (root, "results") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (root, "results")))
    {
      if (!load_transcribe (self, json_object_get_object_member (root, "results"), error))
        return NULL;
      return g_steal_pointer (&self);
    }

  words = json_object_has_member (root, "words") &&
          JSON_NODE_HOLDS_ARRAY (json_object_get_member (root, "words"))
          ? json_object_get_array_member (root, "words") : NULL;
  if (words != NULL && json_array_get_length (words) > 0)
    {
      for (guint i = 0; i < json_array_get_length (words); i++)
        {
          JsonNode *node = json_array_get_element (words, i);
          JsonObject *word;
          const char *text;

          if (!JSON_NODE_HOLDS_OBJECT (node))
            {
              g_set_error (error, SL_SPEECH_TRANSCRIPT_ERROR, SL_SPEECH_TRANSCRIPT_ERROR_INVALID,
                           _("Word %u of the transcript is not an object"), i + 1);
              return NULL;
            }
          word = json_node_get_object (node);
          text = json_object_get_string_member_with_default (word, "word", NULL);
          if (text == NULL)
            text = json_object_get_string_member_with_default (word, "text", NULL);
          if (text == NULL)
            {
              g_set_error (error, SL_SPEECH_TRANSCRIPT_ERROR, SL_SPEECH_TRANSCRIPT_ERROR_INVALID,
                           _("Word %u of the transcript has no “word”"), i + 1);
              return NULL;
            }
          add_tokens (self, text,
                      member_double (word, "start", member_double (word, "start_s", -1)),
                      member_double (word, "end", member_double (word, "end_s", -1)),
                      member_double (word, "confidence", -1));
        }
      if (json_object_has_member (root, "text"))
        sl_speech_transcript_set_text (self, json_object_get_string_member_with_default (root, "text", NULL));
    }
  else if (json_object_has_member (root, "text") || json_object_has_member (root, "transcript"))
    {
      const char *text = json_object_get_string_member_with_default (root, "text", NULL);

      if (text == NULL)
        text = json_object_get_string_member_with_default (root, "transcript", "");
      add_tokens (self, text, -1, -1, -1);
      sl_speech_transcript_set_text (self, text);
    }
  else
    {
      g_set_error (error, SL_SPEECH_TRANSCRIPT_ERROR, SL_SPEECH_TRANSCRIPT_ERROR_INVALID,
                   _("The JSON transcript has neither “words” nor “text”"));
      return NULL;
    }

  self->draft = json_object_get_boolean_member_with_default (root, "draft", FALSE);
  sl_speech_transcript_set_engine (self, json_object_get_string_member_with_default (root, "engine", NULL));
  self->duration_s = member_double (root, "duration_s", -1);
  return g_steal_pointer (&self);
}

SlSpeechTranscript *
sl_speech_transcript_new_from_data (const char  *data,
                                    GError     **error)
{
  const char *p = data;

  g_return_val_if_fail (data != NULL, NULL);

  while (g_ascii_isspace (*p))
    p++;
  if (*p == '{')
    return sl_speech_transcript_new_from_json (data, error);
  return sl_speech_transcript_new_from_text (data);
}

void
sl_speech_transcript_add_word (SlSpeechTranscript *self,
                               const char         *text,
                               double              start_s,
                               double              end_s,
                               double              confidence)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (text != NULL);

  add_tokens (self, text, start_s, end_s, confidence);
  g_clear_pointer (&self->text, g_free);
}

guint
sl_speech_transcript_get_n_words (SlSpeechTranscript *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->words->len;
}

const SlSpeechWord *
sl_speech_transcript_get_word (SlSpeechTranscript *self,
                               guint               index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->words->len, NULL);

  return &g_array_index (self->words, SlSpeechWord, index);
}

gboolean
sl_speech_transcript_has_timings (SlSpeechTranscript *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (self->words->len == 0)
    return FALSE;
  for (guint i = 0; i < self->words->len; i++)
    {
      const SlSpeechWord *w = &g_array_index (self->words, SlSpeechWord, i);

      if (w->start_s < 0 || w->end_s < w->start_s)
        return FALSE;
    }
  return TRUE;
}

const char *
sl_speech_transcript_get_text (SlSpeechTranscript *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (self->text == NULL)
    {
      GString *s = g_string_new (NULL);

      for (guint i = 0; i < self->words->len; i++)
        {
          const SlSpeechWord *w = &g_array_index (self->words, SlSpeechWord, i);

          if (s->len > 0)
            g_string_append_c (s, ' ');
          g_string_append (s, w->text);
          if (w->sentence_end)
            g_string_append_c (s, '.');
          else if (w->comma_after)
            g_string_append_c (s, ',');
        }
      self->text = g_string_free (s, FALSE);
    }
  return self->text;
}

void
sl_speech_transcript_set_text (SlSpeechTranscript *self,
                               const char         *text)
{
  g_return_if_fail (self != NULL);

  g_free (self->text);
  self->text = g_strdup (text);
}

gboolean
sl_speech_transcript_get_draft (SlSpeechTranscript *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->draft;
}

void
sl_speech_transcript_set_draft (SlSpeechTranscript *self,
                                gboolean            draft)
{
  g_return_if_fail (self != NULL);

  self->draft = !!draft;
}

const char *
sl_speech_transcript_get_engine (SlSpeechTranscript *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->engine;
}

void
sl_speech_transcript_set_engine (SlSpeechTranscript *self,
                                 const char         *engine)
{
  g_return_if_fail (self != NULL);

  g_free (self->engine);
  self->engine = g_strdup (engine);
}

double
sl_speech_transcript_get_duration (SlSpeechTranscript *self)
{
  g_return_val_if_fail (self != NULL, -1);

  return self->duration_s;
}

void
sl_speech_transcript_set_duration (SlSpeechTranscript *self,
                                   double              duration_s)
{
  g_return_if_fail (self != NULL);

  self->duration_s = duration_s;
}

JsonNode *
sl_speech_transcript_to_json (SlSpeechTranscript *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (self != NULL, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "text");
  json_builder_add_string_value (builder, sl_speech_transcript_get_text (self));
  json_builder_set_member_name (builder, "draft");
  json_builder_add_boolean_value (builder, self->draft);
  json_builder_set_member_name (builder, "engine");
  if (self->engine != NULL)
    json_builder_add_string_value (builder, self->engine);
  else
    json_builder_add_null_value (builder);
  if (self->duration_s >= 0)
    {
      json_builder_set_member_name (builder, "duration_s");
      json_builder_add_double_value (builder, self->duration_s);
    }
  json_builder_set_member_name (builder, "words");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->words->len; i++)
    {
      const SlSpeechWord *w = &g_array_index (self->words, SlSpeechWord, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "word");
      json_builder_add_string_value (builder, w->text);
      if (w->start_s >= 0)
        {
          json_builder_set_member_name (builder, "start");
          json_builder_add_double_value (builder, w->start_s);
          json_builder_set_member_name (builder, "end");
          json_builder_add_double_value (builder, w->end_s);
        }
      if (w->confidence >= 0)
        {
          json_builder_set_member_name (builder, "confidence");
          json_builder_add_double_value (builder, w->confidence);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}
