#define G_LOG_DOMAIN "sl-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "sl-store-interviews.h"
#include "sl-store-private.h"

#define SESSION_COLUMNS \
  "s.id, s.job_id, s.candidate_id, s.title, s.job_description, s.score_content, s.score_delivery," \
  " s.score_overall, s.report, s.created_at, s.finished_at," \
  " (SELECT count(*) FROM interview_answers a WHERE a.session_id = s.id)," \
  " (SELECT count(*) FROM interview_answers a WHERE a.session_id = s.id AND a.score_overall IS NOT NULL)"

#define ANSWER_COLUMNS \
  "id, session_id, position, question, kind, difficulty, expected_keywords, follow_ups," \
  " suggested_seconds, recording_path, duration_s, transcript, metrics, score_content," \
  " score_delivery, score_overall, recorded_at"

void
sl_interview_session_record_free (SlInterviewSessionRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->title);
  g_free (record->job_description);
  g_free (record->report_json);
  g_free (record);
}

void
sl_interview_answer_record_free (SlInterviewAnswerRecord *record)
{
  if (record == NULL)
    return;
  g_clear_object (&record->question);
  g_free (record->recording_path);
  g_free (record->transcript_json);
  g_free (record->metrics_json);
  g_free (record);
}

static double
column_score (sqlite3_stmt *stmt,
              int           index)
{
  return sqlite3_column_type (stmt, index) == SQLITE_NULL ? -1 : sqlite3_column_double (stmt, index);
}

static char *
column_dup_or_null (sqlite3_stmt *stmt,
                    int           index)
{
  return sqlite3_column_type (stmt, index) == SQLITE_NULL ? NULL
                                                          : g_strdup ((const char *)sqlite3_column_text (stmt, index));
}

static SlInterviewSessionRecord *
session_from_row (sqlite3_stmt *stmt)
{
  SlInterviewSessionRecord *record = g_new0 (SlInterviewSessionRecord, 1);

  record->id = sqlite3_column_int64 (stmt, 0);
  record->job_id = sqlite3_column_int64 (stmt, 1);
  record->candidate_id = sqlite3_column_int64 (stmt, 2);
  record->title = g_strdup (_sl_store_column_text (stmt, 3));
  record->job_description = g_strdup (_sl_store_column_text (stmt, 4));
  record->score_content = column_score (stmt, 5);
  record->score_delivery = column_score (stmt, 6);
  record->score_overall = column_score (stmt, 7);
  record->report_json = column_dup_or_null (stmt, 8);
  record->created_at = sqlite3_column_int64 (stmt, 9);
  record->finished_at = sqlite3_column_int64 (stmt, 10);
  record->n_answers = sqlite3_column_int (stmt, 11);
  record->n_answered = sqlite3_column_int (stmt, 12);
  return record;
}

static GStrv
strv_from_json (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  if (json != NULL && json_parser_load_from_data (parser, json, -1, NULL) &&
      JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)))
    {
      JsonArray *array = json_node_get_array (json_parser_get_root (parser));

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          const char *s = json_array_get_string_element (array, i);

          if (s != NULL)
            g_strv_builder_add (builder, s);
        }
    }
  return g_strv_builder_end (builder);
}

static char *
strv_to_json (const char * const *strv)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_array (builder);
  for (guint i = 0; strv != NULL && strv[i] != NULL; i++)
    json_builder_add_string_value (builder, strv[i]);
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

static SlInterviewAnswerRecord *
answer_from_row (sqlite3_stmt *stmt)
{
  SlInterviewAnswerRecord *record = g_new0 (SlInterviewAnswerRecord, 1);
  SlQuestionKind kind = SL_QUESTION_KIND_BEHAVIOURAL;
  g_auto(GStrv) keywords = strv_from_json ((const char *)sqlite3_column_text (stmt, 6));
  g_auto(GStrv) follow_ups = strv_from_json ((const char *)sqlite3_column_text (stmt, 7));
  int difficulty = sqlite3_column_int (stmt, 5);

  record->id = sqlite3_column_int64 (stmt, 0);
  record->session_id = sqlite3_column_int64 (stmt, 1);
  record->position = sqlite3_column_int (stmt, 2);
  sl_question_kind_from_string (_sl_store_column_text (stmt, 4), &kind);
  record->question = sl_question_new (_sl_store_column_text (stmt, 3), kind);
  /* Stored 1–3 (easy–hard). */
  sl_question_set_difficulty (record->question, CLAMP (difficulty, 1, 3) - 1);
  sl_question_set_expected_keywords (record->question, (const char * const *)keywords);
  sl_question_set_follow_ups (record->question, (const char * const *)follow_ups);
  sl_question_set_suggested_seconds (record->question, sqlite3_column_int (stmt, 8));
  record->recording_path = column_dup_or_null (stmt, 9);
  record->duration_s = sqlite3_column_type (stmt, 10) == SQLITE_NULL ? 0 : sqlite3_column_double (stmt, 10);
  record->transcript_json = column_dup_or_null (stmt, 11);
  record->metrics_json = column_dup_or_null (stmt, 12);
  record->score_content = column_score (stmt, 13);
  record->score_delivery = column_score (stmt, 14);
  record->score_overall = column_score (stmt, 15);
  record->recorded_at = sqlite3_column_int64 (stmt, 16);
  return record;
}

static gboolean
insert_question (SlStore     *self,
                 gint64       session_id,
                 guint        position,
                 SlQuestion  *question,
                 GError     **error)
{
  g_autofree char *keywords = strv_to_json (sl_question_get_expected_keywords (question));
  g_autofree char *follow_ups = strv_to_json (sl_question_get_follow_ups (question));
  sqlite3_stmt *stmt;

  if (!(stmt = _sl_store_prepare (self,
                                  "INSERT INTO interview_answers (session_id, position, question, kind,"
                                  " difficulty, expected_keywords, follow_ups, suggested_seconds)"
                                  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, session_id);
  sqlite3_bind_int (stmt, 2, position);
  _sl_store_bind_text (stmt, 3, sl_question_get_text (question));
  _sl_store_bind_text (stmt, 4, sl_question_kind_to_string (sl_question_get_kind (question)));
  sqlite3_bind_int (stmt, 5, sl_question_get_difficulty (question) + 1);
  _sl_store_bind_text (stmt, 6, keywords);
  _sl_store_bind_text (stmt, 7, follow_ups);
  sqlite3_bind_int (stmt, 8, sl_question_get_suggested_seconds (question));
  return _sl_store_step_done (self, stmt, error);
}

static gboolean
check_question (SlQuestion  *question,
                GError     **error)
{
  g_autofree char *text = g_strstrip (g_strdup (sl_question_get_text (question)));

  if (*text == '\0')
    {
      g_set_error_literal (error, SL_STORE_ERROR, SL_STORE_ERROR_INVALID, _("A question needs some text"));
      return FALSE;
    }
  return TRUE;
}

gint64
sl_store_add_interview_session (SlStore     *self,
                                gint64       job_id,
                                gint64       candidate_id,
                                const char  *title,
                                const char  *job_description,
                                GPtrArray   *questions,
                                GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  sqlite3_stmt *stmt;
  gint64 id;

  g_return_val_if_fail (SL_IS_STORE (self), 0);
  g_return_val_if_fail (questions != NULL, 0);

  if (questions->len == 0)
    {
      g_set_error_literal (error, SL_STORE_ERROR, SL_STORE_ERROR_INVALID, _("A session needs at least one question"));
      return 0;
    }
  for (guint i = 0; i < questions->len; i++)
    {
      if (!check_question (questions->pdata[i], error))
        return 0;
    }

  locker = g_mutex_locker_new (_sl_store_get_mutex (self));
  if (!_sl_store_begin (self, error))
    return 0;
  if (!(stmt = _sl_store_prepare (self,
                                  "INSERT INTO interview_sessions (job_id, candidate_id, title,"
                                  " job_description, created_at) VALUES (?1, ?2, ?3, ?4, ?5)", error)))
    goto failed;
  if (job_id > 0)
    sqlite3_bind_int64 (stmt, 1, job_id);
  else
    sqlite3_bind_null (stmt, 1);
  if (candidate_id > 0)
    sqlite3_bind_int64 (stmt, 2, candidate_id);
  else
    sqlite3_bind_null (stmt, 2);
  _sl_store_bind_text (stmt, 3, title);
  _sl_store_bind_text (stmt, 4, job_description);
  sqlite3_bind_int64 (stmt, 5, _sl_store_now ());
  if (!_sl_store_step_done (self, stmt, error))
    goto failed;
  id = sqlite3_last_insert_rowid (_sl_store_get_db (self));

  for (guint i = 0; i < questions->len; i++)
    {
      if (!insert_question (self, id, i, questions->pdata[i], error))
        goto failed;
    }
  if (!_sl_store_audit (self, "interview.start", "interview_session", id, NULL, error) ||
      !_sl_store_commit (self, error))
    goto failed;

  _sl_store_queue_changed (self, SL_STORE_CHANGED_INTERVIEWS);
  return id;

failed:
  _sl_store_rollback (self);
  return 0;
}

SlInterviewSessionRecord *
sl_store_get_interview_session (SlStore  *self,
                                gint64    session_id,
                                GError  **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  sqlite3_stmt *stmt;
  gboolean has_row = FALSE;
  SlInterviewSessionRecord *record;

  g_return_val_if_fail (SL_IS_STORE (self), NULL);

  locker = g_mutex_locker_new (_sl_store_get_mutex (self));
  if (!(stmt = _sl_store_prepare (self, "SELECT " SESSION_COLUMNS " FROM interview_sessions s WHERE s.id = ?1", error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, session_id);
  if (!_sl_store_step_row (self, stmt, &has_row, error))
    return NULL;
  if (!has_row)
    {
      sqlite3_reset (stmt);
      g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_NOT_FOUND,
                   _("There is no practice session %" G_GINT64_FORMAT), session_id);
      return NULL;
    }
  record = session_from_row (stmt);
  sqlite3_reset (stmt);
  return record;
}

GPtrArray *
sl_store_list_interview_sessions (SlStore  *self,
                                  GError  **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_interview_session_record_free);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (SL_IS_STORE (self), NULL);

  locker = g_mutex_locker_new (_sl_store_get_mutex (self));
  if (!(stmt = _sl_store_prepare (self, "SELECT " SESSION_COLUMNS " FROM interview_sessions s"
                                        " ORDER BY s.created_at DESC, s.id DESC", error)))
    return NULL;
  for (;;)
    {
      gboolean has_row = FALSE;

      if (!_sl_store_step_row (self, stmt, &has_row, error))
        return NULL;
      if (!has_row)
        break;
      g_ptr_array_add (records, session_from_row (stmt));
    }
  sqlite3_reset (stmt);
  return g_steal_pointer (&records);
}

GPtrArray *
sl_store_list_interview_answers (SlStore  *self,
                                 gint64    session_id,
                                 GError  **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_interview_answer_record_free);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (SL_IS_STORE (self), NULL);

  locker = g_mutex_locker_new (_sl_store_get_mutex (self));
  if (!(stmt = _sl_store_prepare (self, "SELECT " ANSWER_COLUMNS " FROM interview_answers"
                                        " WHERE session_id = ?1 ORDER BY position", error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, session_id);
  for (;;)
    {
      gboolean has_row = FALSE;

      if (!_sl_store_step_row (self, stmt, &has_row, error))
        return NULL;
      if (!has_row)
        break;
      g_ptr_array_add (records, answer_from_row (stmt));
    }
  sqlite3_reset (stmt);
  return g_steal_pointer (&records);
}

static gboolean
update_session_scores (SlStore  *self,
                       gint64    session_id,
                       GError  **error)
{
  sqlite3_stmt *stmt;

  if (!(stmt = _sl_store_prepare (self,
                                  "UPDATE interview_sessions SET"
                                  " score_content = (SELECT avg(score_content) FROM interview_answers WHERE session_id = ?1),"
                                  " score_delivery = (SELECT avg(score_delivery) FROM interview_answers WHERE session_id = ?1),"
                                  " score_overall = (SELECT avg(score_overall) FROM interview_answers WHERE session_id = ?1)"
                                  " WHERE id = ?1", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, session_id);
  return _sl_store_step_done (self, stmt, error);
}

static gboolean
expect_one_change (SlStore  *self,
                   gint64    session_id,
                   GError  **error)
{
  if (sqlite3_changes (_sl_store_get_db (self)) == 0)
    {
      g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_NOT_FOUND,
                   _("There is no such question in practice session %" G_GINT64_FORMAT), session_id);
      return FALSE;
    }
  return TRUE;
}

gboolean
sl_store_save_interview_answer (SlStore     *self,
                                gint64       session_id,
                                guint        position,
                                const char  *recording_path,
                                double       duration_s,
                                const char  *transcript_json,
                                const char  *metrics_json,
                                int          score_content,
                                int          score_delivery,
                                int          score_overall,
                                GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (SL_IS_STORE (self), FALSE);

  locker = g_mutex_locker_new (_sl_store_get_mutex (self));
  if (!_sl_store_begin (self, error))
    return FALSE;
  if (!(stmt = _sl_store_prepare (self,
                                  "UPDATE interview_answers SET recording_path = ?3, duration_s = ?4,"
                                  " transcript = ?5, metrics = ?6, score_content = ?7, score_delivery = ?8,"
                                  " score_overall = ?9, recorded_at = ?10"
                                  " WHERE session_id = ?1 AND position = ?2", error)))
    goto failed;
  sqlite3_bind_int64 (stmt, 1, session_id);
  sqlite3_bind_int (stmt, 2, position);
  if (recording_path != NULL)
    _sl_store_bind_text (stmt, 3, recording_path);
  else
    sqlite3_bind_null (stmt, 3);
  sqlite3_bind_double (stmt, 4, duration_s);
  if (transcript_json != NULL)
    _sl_store_bind_text (stmt, 5, transcript_json);
  else
    sqlite3_bind_null (stmt, 5);
  if (metrics_json != NULL)
    _sl_store_bind_text (stmt, 6, metrics_json);
  else
    sqlite3_bind_null (stmt, 6);
  sqlite3_bind_int (stmt, 7, CLAMP (score_content, 0, 100));
  sqlite3_bind_int (stmt, 8, CLAMP (score_delivery, 0, 100));
  sqlite3_bind_int (stmt, 9, CLAMP (score_overall, 0, 100));
  sqlite3_bind_int64 (stmt, 10, _sl_store_now ());
  if (!_sl_store_step_done (self, stmt, error) ||
      !expect_one_change (self, session_id, error) ||
      !update_session_scores (self, session_id, error) ||
      !_sl_store_audit (self, "interview.answer", "interview_session", session_id, NULL, error) ||
      !_sl_store_commit (self, error))
    goto failed;

  _sl_store_queue_changed (self, SL_STORE_CHANGED_INTERVIEWS);
  return TRUE;

failed:
  _sl_store_rollback (self);
  return FALSE;
}

gboolean
sl_store_add_interview_question (SlStore     *self,
                                 gint64       session_id,
                                 SlQuestion  *question,
                                 GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  sqlite3_stmt *stmt;
  gboolean has_row = FALSE;
  guint position;

  g_return_val_if_fail (SL_IS_STORE (self), FALSE);
  g_return_val_if_fail (SL_IS_QUESTION (question), FALSE);

  if (!check_question (question, error))
    return FALSE;
  locker = g_mutex_locker_new (_sl_store_get_mutex (self));
  if (!_sl_store_begin (self, error))
    return FALSE;
  if (!(stmt = _sl_store_prepare (self, "SELECT coalesce(max(position) + 1, 0),"
                                        " (SELECT count(*) FROM interview_sessions WHERE id = ?1)"
                                        " FROM interview_answers WHERE session_id = ?1", error)))
    goto failed;
  sqlite3_bind_int64 (stmt, 1, session_id);
  if (!_sl_store_step_row (self, stmt, &has_row, error))
    goto failed;
  position = sqlite3_column_int (stmt, 0);
  if (sqlite3_column_int (stmt, 1) == 0)
    {
      sqlite3_reset (stmt);
      g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_NOT_FOUND,
                   _("There is no practice session %" G_GINT64_FORMAT), session_id);
      goto failed;
    }
  sqlite3_reset (stmt);
  if (!insert_question (self, session_id, position, question, error) ||
      !_sl_store_audit (self, "interview.add-question", "interview_session", session_id, NULL, error) ||
      !_sl_store_commit (self, error))
    goto failed;

  _sl_store_queue_changed (self, SL_STORE_CHANGED_INTERVIEWS);
  return TRUE;

failed:
  _sl_store_rollback (self);
  return FALSE;
}

char *
sl_store_clear_interview_recording (SlStore  *self,
                                    gint64    session_id,
                                    guint     position,
                                    GError  **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autofree char *path = NULL;
  sqlite3_stmt *stmt = NULL;
  gboolean has_row = FALSE;

  g_return_val_if_fail (SL_IS_STORE (self), NULL);

  locker = g_mutex_locker_new (_sl_store_get_mutex (self));
  if (!_sl_store_begin (self, error))
    return NULL;
  if (!(stmt = _sl_store_prepare (self, "SELECT recording_path FROM interview_answers"
                                        " WHERE session_id = ?1 AND position = ?2", error)))
    goto failed;
  sqlite3_bind_int64 (stmt, 1, session_id);
  sqlite3_bind_int (stmt, 2, position);
  if (!_sl_store_step_row (self, stmt, &has_row, error))
    goto failed;
  if (!has_row)
    {
      g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_NOT_FOUND,
                   _("There is no such question in practice session %" G_GINT64_FORMAT), session_id);
      goto failed;
    }
  path = column_dup_or_null (stmt, 0);
  sqlite3_reset (stmt);
  if (!(stmt = _sl_store_prepare (self, "UPDATE interview_answers SET recording_path = NULL"
                                        " WHERE session_id = ?1 AND position = ?2", error)))
    goto failed;
  sqlite3_bind_int64 (stmt, 1, session_id);
  sqlite3_bind_int (stmt, 2, position);
  if (!_sl_store_step_done (self, stmt, error) ||
      !_sl_store_audit (self, "interview.delete-recording", "interview_session", session_id, NULL, error) ||
      !_sl_store_commit (self, error))
    goto failed;

  _sl_store_queue_changed (self, SL_STORE_CHANGED_INTERVIEWS);
  /* An empty string: cleared, there was no file. */
  return path != NULL ? g_steal_pointer (&path) : g_strdup ("");

failed:
  if (stmt != NULL)
    sqlite3_reset (stmt);
  _sl_store_rollback (self);
  return NULL;
}

gboolean
sl_store_finish_interview_session (SlStore     *self,
                                   gint64       session_id,
                                   const char  *report_json,
                                   GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (SL_IS_STORE (self), FALSE);

  locker = g_mutex_locker_new (_sl_store_get_mutex (self));
  if (!_sl_store_begin (self, error))
    return FALSE;
  if (!(stmt = _sl_store_prepare (self, "UPDATE interview_sessions SET report = ?2, finished_at = ?3"
                                        " WHERE id = ?1", error)))
    goto failed;
  sqlite3_bind_int64 (stmt, 1, session_id);
  if (report_json != NULL)
    _sl_store_bind_text (stmt, 2, report_json);
  else
    sqlite3_bind_null (stmt, 2);
  sqlite3_bind_int64 (stmt, 3, _sl_store_now ());
  if (!_sl_store_step_done (self, stmt, error) ||
      !expect_one_change (self, session_id, error) ||
      !_sl_store_audit (self, "interview.finish", "interview_session", session_id, NULL, error) ||
      !_sl_store_commit (self, error))
    goto failed;

  _sl_store_queue_changed (self, SL_STORE_CHANGED_INTERVIEWS);
  return TRUE;

failed:
  _sl_store_rollback (self);
  return FALSE;
}

gboolean
sl_store_delete_interview_session (SlStore  *self,
                                   gint64    session_id,
                                   GError  **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (SL_IS_STORE (self), FALSE);

  locker = g_mutex_locker_new (_sl_store_get_mutex (self));
  if (!_sl_store_begin (self, error))
    return FALSE;
  if (!(stmt = _sl_store_prepare (self, "DELETE FROM interview_sessions WHERE id = ?1", error)))
    goto failed;
  sqlite3_bind_int64 (stmt, 1, session_id);
  if (!_sl_store_step_done (self, stmt, error) ||
      !expect_one_change (self, session_id, error) ||
      !_sl_store_audit (self, "interview.delete", "interview_session", session_id, NULL, error) ||
      !_sl_store_commit (self, error))
    goto failed;

  _sl_store_queue_changed (self, SL_STORE_CHANGED_INTERVIEWS);
  return TRUE;

failed:
  _sl_store_rollback (self);
  return FALSE;
}
