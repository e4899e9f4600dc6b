#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum
{
  SL_QUESTION_KIND_BEHAVIOURAL   = 1 << 0,   /* answer with STAR */
  SL_QUESTION_KIND_TECHNICAL     = 1 << 1,
  SL_QUESTION_KIND_SITUATIONAL   = 1 << 2,
  SL_QUESTION_KIND_ROLE_SPECIFIC = 1 << 3,
} SlQuestionKind;

#define SL_QUESTION_KIND_ALL (SL_QUESTION_KIND_BEHAVIOURAL | SL_QUESTION_KIND_TECHNICAL | \
                              SL_QUESTION_KIND_SITUATIONAL | SL_QUESTION_KIND_ROLE_SPECIFIC)

typedef enum
{
  SL_QUESTION_DIFFICULTY_EASY,
  SL_QUESTION_DIFFICULTY_MEDIUM,
  SL_QUESTION_DIFFICULTY_HARD,
} SlQuestionDifficulty;

/* Stable English identifiers for JSON and the database. */
const char *sl_question_kind_to_string       (SlQuestionKind        kind);
gboolean    sl_question_kind_from_string     (const char           *str,
                                              SlQuestionKind       *kind);
/* "behavioural,technical" → flags; FALSE on an unknown name. */
gboolean    sl_question_kinds_from_string    (const char           *str,
                                              SlQuestionKind       *kinds);
const char *sl_question_difficulty_to_string (SlQuestionDifficulty  difficulty);
gboolean    sl_question_difficulty_from_string (const char         *str,
                                                SlQuestionDifficulty *difficulty);

#define SL_TYPE_QUESTION (sl_question_get_type ())

G_DECLARE_FINAL_TYPE (SlQuestion, sl_question, SL, QUESTION, GObject)

SlQuestion          *sl_question_new                   (const char            *text,
                                                        SlQuestionKind         kind) G_GNUC_WARN_UNUSED_RESULT;
/* Reads {"text", "kind", "difficulty", "expected_keywords", "suggested_seconds", "follow_ups", "id"?}. */
SlQuestion          *sl_question_new_from_json         (JsonObject            *object,
                                                        GError               **error) G_GNUC_WARN_UNUSED_RESULT;
SlQuestion          *sl_question_copy                  (SlQuestion            *self) G_GNUC_WARN_UNUSED_RESULT;
const char          *sl_question_get_id                (SlQuestion            *self);
void                 sl_question_set_id                (SlQuestion            *self,
                                                        const char            *id);
const char          *sl_question_get_text              (SlQuestion            *self);
void                 sl_question_set_text              (SlQuestion            *self,
                                                        const char            *text);
SlQuestionKind       sl_question_get_kind              (SlQuestion            *self);
void                 sl_question_set_kind              (SlQuestion            *self,
                                                        SlQuestionKind         kind);
SlQuestionDifficulty sl_question_get_difficulty        (SlQuestion            *self);
void                 sl_question_set_difficulty        (SlQuestion            *self,
                                                        SlQuestionDifficulty   difficulty);
const char * const  *sl_question_get_expected_keywords (SlQuestion            *self);
void                 sl_question_set_expected_keywords (SlQuestion            *self,
                                                        const char * const    *keywords);
guint                sl_question_get_suggested_seconds (SlQuestion            *self);
void                 sl_question_set_suggested_seconds (SlQuestion            *self,
                                                        guint                  seconds);
const char * const  *sl_question_get_follow_ups        (SlQuestion            *self);
void                 sl_question_set_follow_ups        (SlQuestion            *self,
                                                        const char * const    *follow_ups);
/* Where it came from: "bank", "template", "custom", or a generator's id. */
const char          *sl_question_get_source            (SlQuestion            *self);
void                 sl_question_set_source            (SlQuestion            *self,
                                                        const char            *source);
/* Roles the question suits, from the bank ("any", "backend", …). */
const char * const  *sl_question_get_roles             (SlQuestion            *self);
void                 sl_question_set_roles             (SlQuestion            *self,
                                                        const char * const    *roles);
/* Same question, ignoring case, spaces and punctuation. */
gboolean             sl_question_equal_text            (SlQuestion            *self,
                                                        SlQuestion            *other);
/* The CLI contract: {"text", "kind", "difficulty", "expected_keywords",
 * "suggested_seconds", "follow_ups"}. */
JsonNode            *sl_question_to_json               (SlQuestion            *self) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
