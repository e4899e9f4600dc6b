#pragma once

#include <gio/gio.h>

#include "sl-answer-analysis.h"
#include "sl-question.h"
#include "sl-store.h"
#include "sl-transcriber.h"

G_BEGIN_DECLS

#define SL_TYPE_INTERVIEW_SESSION (sl_interview_session_get_type ())

G_DECLARE_FINAL_TYPE (SlInterviewSession, sl_interview_session, SL, INTERVIEW_SESSION, GObject)

/* One practice session as the Interviews view drives it: the questions
 * as a GListModel of SlQuestion, where each answer is recorded, and the
 * analysis of a recorded answer on a worker (speech recognition, audio
 * and answer analysis, saved to the store). Signals run on the main
 * context the session was created in:
 *
 *   answer-analysed (guint position, SlAnswerAnalysis *analysis)
 */
void                sl_interview_session_create_async     (SlStore              *store,
                                                           gint64                job_id,
                                                           gint64                candidate_id,
                                                           const char           *title,
                                                           const char           *job_description,
                                                           GPtrArray            *questions,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
SlInterviewSession *sl_interview_session_create_finish    (GAsyncResult         *result,
                                                           GError              **error) G_GNUC_WARN_UNUSED_RESULT;
/* An existing session, e.g. to review it from the history. */
void                sl_interview_session_load_async       (SlStore              *store,
                                                           gint64                session_id,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
SlInterviewSession *sl_interview_session_load_finish      (GAsyncResult         *result,
                                                           GError              **error) G_GNUC_WARN_UNUSED_RESULT;

gint64              sl_interview_session_get_id           (SlInterviewSession   *self);
/* SlQuestion items, in order. */
GListModel         *sl_interview_session_get_questions    (SlInterviewSession   *self);
/* Where to record the answer at position: a new file under the user's
 * data directory (the directory is created). */
char               *sl_interview_session_dup_recording_path (SlInterviewSession *self,
                                                             guint               position,
                                                             GError            **error) G_GNUC_WARN_UNUSED_RESULT;
/* Transcribes (unless transcript is given), analyses and saves the
 * answer at position. progress (0–1) runs on the caller's main context. */
void                sl_interview_session_analyze_answer_async (SlInterviewSession    *self,
                                                               guint                  position,
                                                               const char            *recording_path,
                                                               SlSpeechTranscript    *transcript,
                                                               SlTranscriber         *transcriber,
                                                               SlTranscriberProgress  progress,
                                                               gpointer               progress_data,
                                                               GCancellable          *cancellable,
                                                               GAsyncReadyCallback    callback,
                                                               gpointer               user_data);
SlAnswerAnalysis   *sl_interview_session_analyze_answer_finish (SlInterviewSession   *self,
                                                                GAsyncResult         *result,
                                                                GError              **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
