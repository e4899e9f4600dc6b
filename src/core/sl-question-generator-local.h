#pragma once

#include "sl-question-bank.h"
#include "sl-question-generator.h"

G_BEGIN_DECLS

#define SL_TYPE_QUESTION_GENERATOR_LOCAL (sl_question_generator_local_get_type ())

G_DECLARE_FINAL_TYPE (SlQuestionGeneratorLocal, sl_question_generator_local, SL, QUESTION_GENERATOR_LOCAL, GObject)

/* Offline questions: the curated bank plus templates filled from the
 * job's skills and the candidate's. */
SlQuestionGenerator *sl_question_generator_local_new (SlQuestionBank *bank) G_GNUC_WARN_UNUSED_RESULT;

/* A small built-in skill vocabulary, used until the job parser and the
 * skills taxonomy are wired in: skills named in the requirements section
 * are mandatory, those under "nice to have"/"preferred" are preferred.
 * Without sections every skill found is mandatory. In order of mention. */
void                 sl_question_extract_skills      (const char  *description,
                                                      GStrv       *mandatory,
                                                      GStrv       *preferred);
/* Role tags ("backend", "nursing", …) guessed from a title and description. */
GStrv                sl_question_detect_roles        (const char  *title,
                                                      const char  *description) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
