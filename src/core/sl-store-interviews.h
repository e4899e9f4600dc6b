#pragma once

#include "sl-question.h"
#include "sl-store.h"

G_BEGIN_DECLS

#define SL_STORE_CHANGED_INTERVIEWS "interviews"

/* A practice session as stored. Scores are −1 until an answer is scored. */
typedef struct
{
  gint64  id;
  gint64  job_id;            /* 0: none */
  gint64  candidate_id;      /* 0: none */
  char   *title;
  char   *job_description;
  double  score_content;
  double  score_delivery;
  double  score_overall;
  char   *report_json;       /* NULL until finished */
  gint64  created_at;
  gint64  finished_at;       /* 0 while running */
  guint   n_answers;         /* questions in the session */
  guint   n_answered;        /* questions with a scored answer */
} SlInterviewSessionRecord;

typedef struct
{
  gint64      id;
  gint64      session_id;
  guint       position;
  SlQuestion *question;
  char       *recording_path;   /* NULL when not recorded or deleted */
  double      duration_s;
  char       *transcript_json;  /* sl_speech_transcript_to_json () */
  char       *metrics_json;     /* sl_answer_analysis_to_json () */
  double      score_content;
  double      score_delivery;
  double      score_overall;
  gint64      recorded_at;      /* 0 until answered */
} SlInterviewAnswerRecord;

void sl_interview_session_record_free (SlInterviewSessionRecord *record);
void sl_interview_answer_record_free  (SlInterviewAnswerRecord  *record);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlInterviewSessionRecord, sl_interview_session_record_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlInterviewAnswerRecord, sl_interview_answer_record_free)

/* Creates a session and one answer row per question, in order. */
gint64                    sl_store_add_interview_session      (SlStore       *self,
                                                               gint64         job_id,
                                                               gint64         candidate_id,
                                                               const char    *title,
                                                               const char    *job_description,
                                                               GPtrArray     *questions,
                                                               GError       **error);
SlInterviewSessionRecord *sl_store_get_interview_session      (SlStore       *self,
                                                               gint64         session_id,
                                                               GError       **error) G_GNUC_WARN_UNUSED_RESULT;
/* Newest first: the history and its trend chart. */
GPtrArray                *sl_store_list_interview_sessions    (SlStore       *self,
                                                               GError       **error) G_GNUC_WARN_UNUSED_RESULT;
GPtrArray                *sl_store_list_interview_answers     (SlStore       *self,
                                                               gint64         session_id,
                                                               GError       **error) G_GNUC_WARN_UNUSED_RESULT;
/* Records the outcome of one answer and updates the session's scores
 * (the mean over scored answers). */
gboolean                  sl_store_save_interview_answer      (SlStore       *self,
                                                               gint64         session_id,
                                                               guint          position,
                                                               const char    *recording_path,
                                                               double         duration_s,
                                                               const char    *transcript_json,
                                                               const char    *metrics_json,
                                                               int            score_content,
                                                               int            score_delivery,
                                                               int            score_overall,
                                                               GError       **error);
/* Appends a question the user added during the session. */
gboolean                  sl_store_add_interview_question     (SlStore       *self,
                                                               gint64         session_id,
                                                               SlQuestion    *question,
                                                               GError       **error);
/* Forgets an answer's recording; returns the path so the caller can
 * delete the file (NULL when there was none). */
char                     *sl_store_clear_interview_recording  (SlStore       *self,
                                                               gint64         session_id,
                                                               guint          position,
                                                               GError       **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean                  sl_store_finish_interview_session   (SlStore       *self,
                                                               gint64         session_id,
                                                               const char    *report_json,
                                                               GError       **error);
gboolean                  sl_store_delete_interview_session   (SlStore       *self,
                                                               gint64         session_id,
                                                               GError       **error);

G_END_DECLS
