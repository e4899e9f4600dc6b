/* Practice sessions in the store, the PDF report and the espeak-ng voice. */
#include "config.h"

#include <glib/gstdio.h>
#include <gst/gst.h>
#include <string.h>

#include "sl-interview-report.h"
#include "sl-interview-session.h"
#include "sl-transcriber-pocketsphinx.h"
#include "sl-speaker-espeak.h"
#include "sl-store-interviews.h"

typedef struct
{
  char    *dir;
  SlStore *store;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = g_dir_make_tmp ("sl-interview-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "test.db", NULL);
  f->store = sl_store_new (path, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
  const char *name;

  g_clear_object (&f->store);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
}

static GPtrArray *
three_questions (void)
{
  GPtrArray *questions = g_ptr_array_new_with_free_func (g_object_unref);
  const char *keywords[] = { "Python", "asyncio", NULL };
  const char *follow_ups[] = { "How did you test it?", NULL };
  SlQuestion *q;

  g_ptr_array_add (questions, sl_question_new ("Tell me about yourself.", SL_QUESTION_KIND_ROLE_SPECIFIC));
  q = sl_question_new ("How have you used Python and asyncio?", SL_QUESTION_KIND_TECHNICAL);
  sl_question_set_expected_keywords (q, keywords);
  sl_question_set_follow_ups (q, follow_ups);
  sl_question_set_difficulty (q, SL_QUESTION_DIFFICULTY_HARD);
  sl_question_set_suggested_seconds (q, 150);
  g_ptr_array_add (questions, q);
  g_ptr_array_add (questions, sl_question_new ("Tell me about a time you failed.", SL_QUESTION_KIND_BEHAVIOURAL));
  return questions;
}

static void
test_sessions (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GPtrArray) questions = three_questions ();
  g_autoptr(GPtrArray) answers = NULL;
  g_autoptr(GPtrArray) sessions = NULL;
  g_autoptr(SlInterviewSessionRecord) session = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SlQuestion) extra = sl_question_new ("What motivates you?", SL_QUESTION_KIND_ROLE_SPECIFIC);
  g_autofree char *path = NULL;
  SlInterviewAnswerRecord *technical;
  gint64 id;

  id = sl_store_add_interview_session (f->store, 0, 0, "Backend practice", "Requirements: Python", questions, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);

  g_assert_true (sl_store_save_interview_answer (f->store, id, 1, "/tmp/a.webm", 42.5, "{\"text\":\"hi\"}",
                                                 "{\"wpm\":130}", 80, 60, 70, &error));
  g_assert_no_error (error);
  g_assert_true (sl_store_save_interview_answer (f->store, id, 2, NULL, 30, NULL, "{\"wpm\":150}", 40, 80, 60, &error));
  g_assert_no_error (error);
  /* No such position: nothing is written. */
  g_assert_false (sl_store_save_interview_answer (f->store, id, 9, NULL, 1, NULL, NULL, 1, 1, 1, &error));
  g_assert_error (error, SL_STORE_ERROR, SL_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  /* Invalid JSON is refused by the schema and rolled back. */
  g_assert_false (sl_store_save_interview_answer (f->store, id, 0, NULL, 1, NULL, "{not json", 1, 1, 1, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  g_assert_true (sl_store_add_interview_question (f->store, id, extra, &error));
  g_assert_no_error (error);

  session = sl_store_get_interview_session (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (session->title, ==, "Backend practice");
  g_assert_cmpuint (session->n_answers, ==, 4);
  g_assert_cmpuint (session->n_answered, ==, 2);
  g_assert_cmpfloat_with_epsilon (session->score_content, 60, 1e-9);
  g_assert_cmpfloat_with_epsilon (session->score_overall, 65, 1e-9);

  answers = sl_store_list_interview_answers (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (answers->len, ==, 4);
  technical = answers->pdata[1];
  g_assert_cmpstr (sl_question_get_text (technical->question), ==, "How have you used Python and asyncio?");
  g_assert_cmpint (sl_question_get_kind (technical->question), ==, SL_QUESTION_KIND_TECHNICAL);
  g_assert_cmpint (sl_question_get_difficulty (technical->question), ==, SL_QUESTION_DIFFICULTY_HARD);
  g_assert_cmpstrv (sl_question_get_expected_keywords (technical->question),
                    ((const char * const[]) { "Python", "asyncio", NULL }));
  g_assert_cmpuint (sl_question_get_suggested_seconds (technical->question), ==, 150);
  g_assert_cmpstr (technical->recording_path, ==, "/tmp/a.webm");
  g_assert_cmpfloat (technical->score_overall, ==, 70);
  g_assert_cmpfloat (((SlInterviewAnswerRecord *)answers->pdata[0])->score_overall, <, 0);
  g_assert_cmpstr (sl_question_get_text (((SlInterviewAnswerRecord *)answers->pdata[3])->question), ==,
                   "What motivates you?");

  path = sl_store_clear_interview_recording (f->store, id, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (path, ==, "/tmp/a.webm");

  g_assert_true (sl_store_finish_interview_session (f->store, id, "{\"done\":true}", &error));
  g_assert_no_error (error);
  sessions = sl_store_list_interview_sessions (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sessions->len, ==, 1);
  g_assert_cmpint (((SlInterviewSessionRecord *)sessions->pdata[0])->finished_at, >, 0);

  g_assert_true (sl_store_delete_interview_session (f->store, id, &error));
  g_assert_no_error (error);
  g_clear_pointer (&answers, g_ptr_array_unref);
  answers = sl_store_list_interview_answers (f->store, id, &error);
  g_assert_cmpuint (answers->len, ==, 0);
}

static void
report_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (sl_interview_report_write_pdf_finish (SL_STORE (object), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

static void
test_report (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GPtrArray) questions = three_questions ();
  g_autoptr(GError) error = NULL;
  g_autofree char *pdf = g_build_filename (f->dir, "report.pdf", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(SlInterviewSessionRecord) session = NULL;
  g_autoptr(GPtrArray) answers = NULL;
  g_autofree char *summary = NULL;
  gsize length = 0;
  gboolean done = FALSE;
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  gint64 id;
  const char *metrics = "{\"duration_s\":40,\"wpm\":130,\"fillers\":{\"total\":3,\"per_minute\":4.5},"
                        "\"long_pauses\":1,\"keyword_coverage\":0.5,\"tips\":[\"Say what the result was.\"],"
                        "\"transcript\":\"I used asyncio to fetch prices.\",\"draft\":true}";

  id = sl_store_add_interview_session (f->store, 0, 0, "Backend practice", "", questions, &error);
  g_assert_no_error (error);
  g_assert_true (sl_store_save_interview_answer (f->store, id, 1, NULL, 40, NULL, metrics, 70, 80, 75, &error));
  g_assert_no_error (error);

  sl_interview_report_write_pdf_async (f->store, id, pdf, NULL, report_cb, &done);
  while (!done)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  g_assert_true (g_file_get_contents (pdf, &contents, &length, &error));
  g_assert_cmpuint (length, >, 1000);
  g_assert_true (g_str_has_prefix (contents, "%PDF-"));

  session = sl_store_get_interview_session (f->store, id, &error);
  answers = sl_store_list_interview_answers (f->store, id, &error);
  summary = sl_interview_report_build_json (session, answers);
  g_assert_nonnull (strstr (summary, "\"answered\":1"));
  g_assert_nonnull (strstr (summary, "Say what the result was."));
  g_assert_nonnull (strstr (summary, "\"overall\":75"));
}

static void
spoken_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (sl_speaker_speak_finish (SL_SPEAKER (object), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

static void
test_speaker (void)
{
  g_autoptr(SlSpeaker) speaker = sl_speaker_espeak_new ("en-us");
  g_autoptr(GBytes) slow = NULL;
  g_autoptr(GBytes) fast = NULL;
  g_autoptr(GError) error = NULL;
  const char *text = "Tell me about a time you disagreed with a colleague.";
  gboolean done = FALSE;
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  int rate = 0;
  double slow_s, fast_s;

  slow = sl_speaker_synthesize (speaker, text, 120, &rate, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (rate, >=, 16000);
  fast = sl_speaker_synthesize (speaker, text, 240, &rate, NULL, &error);
  g_assert_no_error (error);
  slow_s = g_bytes_get_size (slow) / 2.0 / rate;
  fast_s = g_bytes_get_size (fast) / 2.0 / rate;
  g_test_message ("9 words: %.2f s at 120 wpm, %.2f s at 240 wpm", slow_s, fast_s);
  /* Nine words at 120 words per minute: about 4.5 s. */
  g_assert_cmpfloat (slow_s, >, 3.0);
  g_assert_cmpfloat (slow_s, <, 7.0);
  g_assert_cmpfloat (fast_s, <, slow_s * 0.7);

  /* Played through GStreamer into a fake sink (no sound card here). */
  sl_speaker_speak_async (speaker, text, 240, "fakesink sync=false", NULL, spoken_cb, &done);
  while (!done)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

typedef struct
{
  GObject  *result_object;
  gpointer  result;
  GError   *error;
  double    progress;
  guint     analysed;
} Wait;

static void
created_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Wait *w = user_data;

  w->result = sl_interview_session_create_finish (result, &w->error);
  w->result_object = object;
}

static void
loaded_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Wait *w = user_data;

  w->result = sl_interview_session_load_finish (result, &w->error);
  w->result_object = object;
}

static void
analysed_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Wait *w = user_data;

  w->result = sl_interview_session_analyze_answer_finish (SL_INTERVIEW_SESSION (object), result, &w->error);
  w->result_object = object;
}

static void
progress_cb (double   fraction,
             gpointer user_data)
{
  Wait *w = user_data;

  g_assert_cmpfloat (fraction, >=, w->progress);
  w->progress = fraction;
}

static void
answer_analysed_cb (SlInterviewSession *session,
                    guint               position,
                    SlAnswerAnalysis   *analysis,
                    Wait               *w)
{
  w->analysed++;
}

static void
wait_result (Wait *w)
{
  gint64 deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;

  while (w->result_object == NULL)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

static void
test_session_flow (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) questions = three_questions ();
  g_autoptr(SlInterviewSession) session = NULL;
  g_autoptr(SlInterviewSession) loaded = NULL;
  g_autoptr(SlAnswerAnalysis) typed = NULL;
  g_autoptr(SlAnswerAnalysis) spoken = NULL;
  g_autoptr(SlSpeechTranscript) transcript = NULL;
  g_autoptr(SlTranscriber) transcriber = sl_transcriber_pocketsphinx_new ();
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) answers = NULL;
  g_autofree char *recording = NULL;
  g_autofree char *wav = g_test_build_filename (G_TEST_DIST, "data", "speech", "espeak", "q09_170.wav", NULL);
  Wait w = { 0 };
  Wait typed_progress = { 0 };
  Wait spoken_progress = { 0 };

  g_setenv ("SHORTLIST_RECORDINGS_DIR", f->dir, TRUE);
  sl_interview_session_create_async (f->store, 0, 0, "Practice", "", questions, NULL, created_cb, &w);
  wait_result (&w);
  g_assert_no_error (w.error);
  session = w.result;
  g_assert_cmpuint (g_list_model_get_n_items (sl_interview_session_get_questions (session)), ==, 3);
  g_signal_connect (session, "answer-analysed", G_CALLBACK (answer_analysed_cb), &w);

  recording = sl_interview_session_dup_recording_path (session, 1, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (recording, f->dir));
  g_assert_true (g_str_has_suffix (recording, ".webm"));
  {
    g_autofree char *folder = g_path_get_dirname (recording);

    g_assert_true (g_file_test (folder, G_FILE_TEST_IS_DIR));
    g_rmdir (folder);
  }

  /* With a typed transcript: no recogniser involved. */
  transcript = sl_speech_transcript_new_from_text ("The hardest bug I fixed was a race condition in a cache. "
                                                   "Uh, requests would occasionally return stale prices. We "
                                                   "added, um, versioned keys and a small lock, and, like, "
                                                   "the errors simply disappeared.");
  memset (&w, 0, G_STRUCT_OFFSET (Wait, analysed));
  sl_interview_session_analyze_answer_async (session, 2, wav, transcript, NULL, progress_cb, &typed_progress, NULL,
                                             analysed_cb, &w);
  wait_result (&w);
  g_assert_no_error (w.error);
  typed = w.result;
  g_assert_cmpuint (typed->filler_total, ==, 3);
  g_assert_cmpuint (typed->long_pauses, ==, 1);
  g_assert_true (typed->star_result);
  g_assert_cmpuint (w.analysed, ==, 1);

  /* With the local recogniser: a draft, and progress up to 1. */
  memset (&w, 0, G_STRUCT_OFFSET (Wait, analysed));
  sl_interview_session_analyze_answer_async (session, 1, wav, NULL, transcriber, progress_cb, &spoken_progress, NULL,
                                             analysed_cb, &w);
  wait_result (&w);
  g_assert_no_error (w.error);
  spoken = w.result;
  g_assert_true (sl_speech_transcript_get_draft (spoken->transcript));
  g_assert_cmpuint (spoken->words, >, 10);
  /* Progress is queued before the result, but may be dispatched after it. */
  while (spoken_progress.progress < 1.0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (w.analysed, ==, 2);

  /* Cancelled before it starts: nothing is saved. */
  g_cancellable_cancel (cancelled);
  memset (&w, 0, G_STRUCT_OFFSET (Wait, analysed));
  sl_interview_session_analyze_answer_async (session, 0, wav, transcript, NULL, NULL, NULL, cancelled,
                                             analysed_cb, &w);
  wait_result (&w);
  g_assert_error (w.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&w.error);

  answers = sl_store_list_interview_answers (f->store, sl_interview_session_get_id (session), &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (((SlInterviewAnswerRecord *)answers->pdata[0])->score_overall, <, 0);
  g_assert_cmpfloat (((SlInterviewAnswerRecord *)answers->pdata[1])->score_overall, >=, 0);
  g_assert_cmpfloat (((SlInterviewAnswerRecord *)answers->pdata[2])->score_overall, ==, typed->score_overall);
  g_assert_nonnull (((SlInterviewAnswerRecord *)answers->pdata[1])->transcript_json);

  memset (&w, 0, sizeof w);
  sl_interview_session_load_async (f->store, sl_interview_session_get_id (session), NULL, loaded_cb, &w);
  wait_result (&w);
  g_assert_no_error (w.error);
  loaded = w.result;
  g_assert_cmpuint (g_list_model_get_n_items (sl_interview_session_get_questions (loaded)), ==, 3);
  g_unsetenv ("SHORTLIST_RECORDINGS_DIR");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  gst_init (&argc, &argv);

  g_test_add ("/sl/interview/store/sessions", Fixture, NULL, fixture_set_up, test_sessions, fixture_tear_down);
  g_test_add ("/sl/interview/report", Fixture, NULL, fixture_set_up, test_report, fixture_tear_down);
  g_test_add_func ("/sl/interview/speaker", test_speaker);
  g_test_add ("/sl/interview/session", Fixture, NULL, fixture_set_up, test_session_flow, fixture_tear_down);

  return g_test_run ();
}
