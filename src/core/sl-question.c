#define G_LOG_DOMAIN "sl-question"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sl-question.h"

struct _SlQuestion
{
  GObject               parent_instance;

  char                 *id;
  char                 *text;
  char                 *source;
  GStrv                 keywords;
  GStrv                 follow_ups;
  GStrv                 roles;
  SlQuestionKind        kind;
  SlQuestionDifficulty  difficulty;
  guint                 suggested_seconds;
};

G_DEFINE_FINAL_TYPE (SlQuestion, sl_question, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TEXT,
  PROP_KIND,
  PROP_DIFFICULTY,
  PROP_SUGGESTED_SECONDS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const struct { SlQuestionKind kind; const char *name; } kinds[] = {
  { SL_QUESTION_KIND_BEHAVIOURAL, "behavioural" },
  { SL_QUESTION_KIND_TECHNICAL, "technical" },
  { SL_QUESTION_KIND_SITUATIONAL, "situational" },
  { SL_QUESTION_KIND_ROLE_SPECIFIC, "role-specific" },
};

static const char * const difficulties[] = { "easy", "medium", "hard" };

const char *
sl_question_kind_to_string (SlQuestionKind kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      if (kinds[i].kind == kind)
        return kinds[i].name;
    }
  return "behavioural";
}

gboolean
sl_question_kind_from_string (const char     *str,
                              SlQuestionKind *kind)
{
  if (g_strcmp0 (str, "behavioral") == 0)
    str = "behavioural";
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      if (g_strcmp0 (kinds[i].name, str) == 0)
        {
          *kind = kinds[i].kind;
          return TRUE;
        }
    }
  return FALSE;
}

gboolean
sl_question_kinds_from_string (const char     *str,
                               SlQuestionKind *out)
{
  g_auto(GStrv) parts = g_strsplit (str, ",", -1);
  SlQuestionKind all = 0;

  for (guint i = 0; parts[i] != NULL; i++)
    {
      SlQuestionKind kind;

      g_strstrip (parts[i]);
      if (*parts[i] == '\0')
        continue;
      if (!sl_question_kind_from_string (parts[i], &kind))
        return FALSE;
      all |= kind;
    }
  if (all == 0)
    return FALSE;
  *out = all;
  return TRUE;
}

const char *
sl_question_difficulty_to_string (SlQuestionDifficulty difficulty)
{
  return difficulties[CLAMP ((int)difficulty, 0, 2)];
}

gboolean
sl_question_difficulty_from_string (const char           *str,
                                    SlQuestionDifficulty *difficulty)
{
  for (guint i = 0; i < G_N_ELEMENTS (difficulties); i++)
    {
      if (g_strcmp0 (difficulties[i], str) == 0)
        {
          *difficulty = i;
          return TRUE;
        }
    }
  return FALSE;
}

static void
sl_question_finalize (GObject *object)
{
  SlQuestion *self = (SlQuestion *)object;

  g_free (self->id);
  g_free (self->text);
  g_free (self->source);
  g_strfreev (self->keywords);
  g_strfreev (self->follow_ups);
  g_strfreev (self->roles);

  G_OBJECT_CLASS (sl_question_parent_class)->finalize (object);
}

static void
sl_question_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  SlQuestion *self = SL_QUESTION (object);

  switch (prop_id)
    {
    case PROP_TEXT:
      g_value_set_string (value, self->text);
      break;
    case PROP_KIND:
      g_value_set_string (value, sl_question_kind_to_string (self->kind));
      break;
    case PROP_DIFFICULTY:
      g_value_set_string (value, sl_question_difficulty_to_string (self->difficulty));
      break;
    case PROP_SUGGESTED_SECONDS:
      g_value_set_uint (value, self->suggested_seconds);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_question_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  SlQuestion *self = SL_QUESTION (object);

  switch (prop_id)
    {
    case PROP_TEXT:
      sl_question_set_text (self, g_value_get_string (value));
      break;
    case PROP_SUGGESTED_SECONDS:
      sl_question_set_suggested_seconds (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_question_class_init (SlQuestionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sl_question_finalize;
  object_class->get_property = sl_question_get_property;
  object_class->set_property = sl_question_set_property;

  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Read-only strings for list rows; set them with the setters. */
  properties[PROP_KIND] =
    g_param_spec_string ("kind", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DIFFICULTY] =
    g_param_spec_string ("difficulty", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SUGGESTED_SECONDS] =
    g_param_spec_uint ("suggested-seconds", NULL, NULL, 0, 3600, 90,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sl_question_init (SlQuestion *self)
{
  self->kind = SL_QUESTION_KIND_BEHAVIOURAL;
  self->difficulty = SL_QUESTION_DIFFICULTY_MEDIUM;
  self->suggested_seconds = 90;
  self->text = g_strdup ("");
  self->source = g_strdup ("custom");
  self->keywords = g_new0 (char *, 1);
  self->follow_ups = g_new0 (char *, 1);
  self->roles = g_new0 (char *, 1);
}

SlQuestion *
sl_question_new (const char     *text,
                 SlQuestionKind  kind)
{
  SlQuestion *self = g_object_new (SL_TYPE_QUESTION, NULL);

  sl_question_set_text (self, text);
  self->kind = kind;
  return self;
}

static GStrv
strv_member (JsonObject *object,
             const char *name)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonNode *node = json_object_get_member (object, name);

  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);

          if (JSON_NODE_HOLDS_VALUE (element) && json_node_get_value_type (element) == G_TYPE_STRING)
            g_strv_builder_add (builder, json_node_get_string (element));
        }
    }
  return g_strv_builder_end (builder);
}

SlQuestion *
sl_question_new_from_json (JsonObject  *object,
                           GError     **error)
{
  g_autoptr(SlQuestion) self = NULL;
  const char *text = json_object_get_string_member_with_default (object, "text", NULL);
  const char *kind_name = json_object_get_string_member_with_default (object, "kind", "behavioural");
  const char *difficulty_name = json_object_get_string_member_with_default (object, "difficulty", "medium");
  SlQuestionKind kind;
  SlQuestionDifficulty difficulty;
  gint64 seconds = json_object_get_int_member_with_default (object, "suggested_seconds", 90);

  if (text == NULL || *text == '\0' || !g_utf8_validate (text, -1, NULL))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("A question has no text"));
      return NULL;
    }
  if (!sl_question_kind_from_string (kind_name, &kind))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("Unknown question kind “%s”"), kind_name);
      return NULL;
    }
  if (!sl_question_difficulty_from_string (difficulty_name, &difficulty))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("Unknown difficulty “%s”"), difficulty_name);
      return NULL;
    }

  self = sl_question_new (text, kind);
  self->difficulty = difficulty;
  self->suggested_seconds = (guint)CLAMP (seconds, 10, 3600);
  g_strfreev (self->keywords);
  self->keywords = strv_member (object, "expected_keywords");
  g_strfreev (self->follow_ups);
  self->follow_ups = strv_member (object, "follow_ups");
  g_strfreev (self->roles);
  self->roles = strv_member (object, "roles");
  sl_question_set_id (self, json_object_get_string_member_with_default (object, "id", NULL));
  return g_steal_pointer (&self);
}

SlQuestion *
sl_question_copy (SlQuestion *self)
{
  SlQuestion *copy;

  g_return_val_if_fail (SL_IS_QUESTION (self), NULL);

  copy = sl_question_new (self->text, self->kind);
  sl_question_set_id (copy, self->id);
  copy->difficulty = self->difficulty;
  copy->suggested_seconds = self->suggested_seconds;
  sl_question_set_expected_keywords (copy, (const char * const *)self->keywords);
  sl_question_set_follow_ups (copy, (const char * const *)self->follow_ups);
  sl_question_set_roles (copy, (const char * const *)self->roles);
  sl_question_set_source (copy, self->source);
  return copy;
}

const char *
sl_question_get_id (SlQuestion *self)
{
  g_return_val_if_fail (SL_IS_QUESTION (self), NULL);
  return self->id;
}

void
sl_question_set_id (SlQuestion *self,
                    const char *id)
{
  g_return_if_fail (SL_IS_QUESTION (self));
  g_free (self->id);
  self->id = g_strdup (id);
}

const char *
sl_question_get_text (SlQuestion *self)
{
  g_return_val_if_fail (SL_IS_QUESTION (self), NULL);
  return self->text;
}

void
sl_question_set_text (SlQuestion *self,
                      const char *text)
{
  g_return_if_fail (SL_IS_QUESTION (self));

  if (g_strcmp0 (self->text, text) == 0)
    return;
  g_free (self->text);
  self->text = g_strdup (text != NULL ? text : "");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
}

SlQuestionKind
sl_question_get_kind (SlQuestion *self)
{
  g_return_val_if_fail (SL_IS_QUESTION (self), SL_QUESTION_KIND_BEHAVIOURAL);
  return self->kind;
}

void
sl_question_set_kind (SlQuestion     *self,
                      SlQuestionKind  kind)
{
  g_return_if_fail (SL_IS_QUESTION (self));

  if (self->kind == kind)
    return;
  self->kind = kind;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KIND]);
}

SlQuestionDifficulty
sl_question_get_difficulty (SlQuestion *self)
{
  g_return_val_if_fail (SL_IS_QUESTION (self), SL_QUESTION_DIFFICULTY_MEDIUM);
  return self->difficulty;
}

void
sl_question_set_difficulty (SlQuestion           *self,
                            SlQuestionDifficulty  difficulty)
{
  g_return_if_fail (SL_IS_QUESTION (self));

  if (self->difficulty == difficulty)
    return;
  self->difficulty = difficulty;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DIFFICULTY]);
}

const char * const *
sl_question_get_expected_keywords (SlQuestion *self)
{
  g_return_val_if_fail (SL_IS_QUESTION (self), NULL);
  return (const char * const *)self->keywords;
}

void
sl_question_set_expected_keywords (SlQuestion         *self,
                                   const char * const *keywords)
{
  g_return_if_fail (SL_IS_QUESTION (self));
  g_strfreev (self->keywords);
  self->keywords = keywords != NULL ? g_strdupv ((char **)keywords) : g_new0 (char *, 1);
}

guint
sl_question_get_suggested_seconds (SlQuestion *self)
{
  g_return_val_if_fail (SL_IS_QUESTION (self), 0);
  return self->suggested_seconds;
}

void
sl_question_set_suggested_seconds (SlQuestion *self,
                                   guint       seconds)
{
  g_return_if_fail (SL_IS_QUESTION (self));

  if (self->suggested_seconds == seconds)
    return;
  self->suggested_seconds = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUGGESTED_SECONDS]);
}

const char * const *
sl_question_get_follow_ups (SlQuestion *self)
{
  g_return_val_if_fail (SL_IS_QUESTION (self), NULL);
  return (const char * const *)self->follow_ups;
}

void
sl_question_set_follow_ups (SlQuestion         *self,
                            const char * const *follow_ups)
{
  g_return_if_fail (SL_IS_QUESTION (self));
  g_strfreev (self->follow_ups);
  self->follow_ups = follow_ups != NULL ? g_strdupv ((char **)follow_ups) : g_new0 (char *, 1);
}

const char *
sl_question_get_source (SlQuestion *self)
{
  g_return_val_if_fail (SL_IS_QUESTION (self), NULL);
  return self->source;
}

void
sl_question_set_source (SlQuestion *self,
                        const char *source)
{
  g_return_if_fail (SL_IS_QUESTION (self));
  g_free (self->source);
  self->source = g_strdup (source);
}

const char * const *
sl_question_get_roles (SlQuestion *self)
{
  g_return_val_if_fail (SL_IS_QUESTION (self), NULL);
  return (const char * const *)self->roles;
}

void
sl_question_set_roles (SlQuestion         *self,
                       const char * const *roles)
{
  g_return_if_fail (SL_IS_QUESTION (self));
  g_strfreev (self->roles);
  self->roles = roles != NULL ? g_strdupv ((char **)roles) : g_new0 (char *, 1);
}

static char *
normalise (const char *text)
{
  GString *s = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isalnum (c))
        g_string_append_unichar (s, g_unichar_tolower (c));
    }
  return g_string_free (s, FALSE);
}

gboolean
sl_question_equal_text (SlQuestion *self,
                        SlQuestion *other)
{
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  g_return_val_if_fail (SL_IS_QUESTION (self), FALSE);
  g_return_val_if_fail (SL_IS_QUESTION (other), FALSE);

  a = normalise (self->text);
  b = normalise (other->text);
  return g_str_equal (a, b);
}

static void
add_strv (JsonBuilder        *builder,
          const char         *name,
          const char * const *values)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    json_builder_add_string_value (builder, values[i]);
  json_builder_end_array (builder);
}

JsonNode *
sl_question_to_json (SlQuestion *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (SL_IS_QUESTION (self), NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "text");
  json_builder_add_string_value (builder, self->text);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, sl_question_kind_to_string (self->kind));
  json_builder_set_member_name (builder, "difficulty");
  json_builder_add_string_value (builder, sl_question_difficulty_to_string (self->difficulty));
  add_strv (builder, "expected_keywords", (const char * const *)self->keywords);
  json_builder_set_member_name (builder, "suggested_seconds");
  json_builder_add_int_value (builder, self->suggested_seconds);
  add_strv (builder, "follow_ups", (const char * const *)self->follow_ups);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}
