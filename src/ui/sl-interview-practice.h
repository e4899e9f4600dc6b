#pragma once

#include <adwaita.h>

#include "sl-interview-session.h"
#include "sl-store.h"

G_BEGIN_DECLS

#define SL_TYPE_INTERVIEW_PRACTICE (sl_interview_practice_get_type ())

G_DECLARE_FINAL_TYPE (SlInterviewPractice, sl_interview_practice, SL, INTERVIEW_PRACTICE, GtkWidget)

/* One practice session: each question shown and spoken, a preparation
 * countdown, the recording with a live preview and level meter, the
 * analysis of each answer, and the session report at the end. Emits
 * "closed" when the user goes back to the history. */
GtkWidget *sl_interview_practice_new         (void) G_GNUC_WARN_UNUSED_RESULT;
void       sl_interview_practice_set_store   (SlInterviewPractice *self,
                                              SlStore             *store);
/* A finished session (as the store records it) shows its report; an
 * unfinished one resumes at its first unanswered question. */
void       sl_interview_practice_set_session (SlInterviewPractice *self,
                                              SlInterviewSession  *session);
/* Stops any recording, speech and analysis. */
void       sl_interview_practice_stop        (SlInterviewPractice *self);
void       sl_interview_practice_set_title   (SlInterviewPractice *self,
                                              const char          *title);

G_END_DECLS
