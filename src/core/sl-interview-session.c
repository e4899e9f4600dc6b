#define G_LOG_DOMAIN "sl-interview-session"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "sl-audio-analysis.h"
#include "sl-s3-mirror.h"
#include "sl-interview-session.h"
#include "sl-speech-audio.h"
#include "sl-store-interviews.h"

#define RATE              16000
#define MAX_ANSWER_SECONDS (30 * 60)

struct _SlInterviewSession
{
  GObject       parent_instance;

  SlStore      *store;
  gint64        id;
  GListStore   *questions;
  GMainContext *context;
};

G_DEFINE_FINAL_TYPE (SlInterviewSession, sl_interview_session, G_TYPE_OBJECT)

enum {
  SIGNAL_ANSWER_ANALYSED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
sl_interview_session_dispose (GObject *object)
{
  SlInterviewSession *self = (SlInterviewSession *)object;

  g_clear_object (&self->store);
  g_clear_object (&self->questions);

  G_OBJECT_CLASS (sl_interview_session_parent_class)->dispose (object);
}

static void
sl_interview_session_finalize (GObject *object)
{
  SlInterviewSession *self = (SlInterviewSession *)object;

  g_clear_pointer (&self->context, g_main_context_unref);

  G_OBJECT_CLASS (sl_interview_session_parent_class)->finalize (object);
}

static void
sl_interview_session_class_init (SlInterviewSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sl_interview_session_dispose;
  object_class->finalize = sl_interview_session_finalize;

  signals[SIGNAL_ANSWER_ANALYSED] =
    g_signal_new ("answer-analysed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_UINT, SL_TYPE_ANSWER_ANALYSIS);
}

static void
sl_interview_session_init (SlInterviewSession *self)
{
  self->questions = g_list_store_new (SL_TYPE_QUESTION);
  self->context = g_main_context_ref_thread_default ();
}

/* ---- Create and load --------------------------------------------------- */

typedef struct
{
  gint64     job_id;
  gint64     candidate_id;
  char      *title;
  char      *description;
  GPtrArray *questions;      /* copies, owned by the task */
  gint64     session_id;
} CreateData;

static void
create_data_free (CreateData *data)
{
  g_free (data->title);
  g_free (data->description);
  g_clear_pointer (&data->questions, g_ptr_array_unref);
  g_free (data);
}

static void
create_worker (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  CreateData *data = task_data;
  g_autoptr(GError) error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;
  if (!(data->session_id = sl_store_add_interview_session (source_object, data->job_id, data->candidate_id,
                                                           data->title, data->description, data->questions,
                                                           &error)))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static SlInterviewSession *
session_new (SlStore   *store,
             gint64     id,
             GPtrArray *questions)
{
  SlInterviewSession *self = g_object_new (SL_TYPE_INTERVIEW_SESSION, NULL);

  self->store = g_object_ref (store);
  self->id = id;
  g_list_store_splice (self->questions, 0, 0, questions->pdata, questions->len);
  return self;
}

void
sl_interview_session_create_async (SlStore             *store,
                                   gint64               job_id,
                                   gint64               candidate_id,
                                   const char          *title,
                                   const char          *job_description,
                                   GPtrArray           *questions,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  CreateData *data;

  g_return_if_fail (SL_IS_STORE (store));
  g_return_if_fail (questions != NULL);

  data = g_new0 (CreateData, 1);
  data->job_id = job_id;
  data->candidate_id = candidate_id;
  data->title = g_strdup (title);
  data->description = g_strdup (job_description);
  /* The worker sees copies, never objects a view may be editing. */
  data->questions = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < questions->len; i++)
    g_ptr_array_add (data->questions, sl_question_copy (questions->pdata[i]));

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, sl_interview_session_create_async);
  g_task_set_task_data (task, data, (GDestroyNotify)create_data_free);
  g_task_run_in_thread (task, create_worker);
}

SlInterviewSession *
sl_interview_session_create_finish (GAsyncResult  *result,
                                    GError       **error)
{
  GTask *task = G_TASK (result);
  CreateData *data;

  g_return_val_if_fail (g_task_get_source_tag (task) == sl_interview_session_create_async, NULL);

  if (!g_task_propagate_boolean (task, error))
    return NULL;
  data = g_task_get_task_data (task);
  return session_new (g_task_get_source_object (task), data->session_id, data->questions);
}

static void
load_worker (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  gint64 id = *(gint64 *)task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) answers = NULL;
  GPtrArray *questions;

  if (g_task_return_error_if_cancelled (task))
    return;
  if (!(answers = sl_store_list_interview_answers (source_object, id, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (answers->len == 0)
    {
      g_task_return_new_error (task, SL_STORE_ERROR, SL_STORE_ERROR_NOT_FOUND,
                               _("There is no practice session %" G_GINT64_FORMAT), id);
      return;
    }
  questions = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < answers->len; i++)
    g_ptr_array_add (questions, g_object_ref (((SlInterviewAnswerRecord *)answers->pdata[i])->question));
  g_task_return_pointer (task, questions, (GDestroyNotify)g_ptr_array_unref);
}

void
sl_interview_session_load_async (SlStore             *store,
                                 gint64               session_id,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SL_IS_STORE (store));

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, sl_interview_session_load_async);
  g_task_set_task_data (task, g_memdup2 (&session_id, sizeof session_id), g_free);
  g_task_run_in_thread (task, load_worker);
}

SlInterviewSession *
sl_interview_session_load_finish (GAsyncResult  *result,
                                  GError       **error)
{
  GTask *task = G_TASK (result);
  g_autoptr(GPtrArray) questions = NULL;

  g_return_val_if_fail (g_task_get_source_tag (task) == sl_interview_session_load_async, NULL);

  if (!(questions = g_task_propagate_pointer (task, error)))
    return NULL;
  return session_new (g_task_get_source_object (task), *(gint64 *)g_task_get_task_data (task), questions);
}

/* ---- Accessors --------------------------------------------------------- */

gint64
sl_interview_session_get_id (SlInterviewSession *self)
{
  g_return_val_if_fail (SL_IS_INTERVIEW_SESSION (self), 0);

  return self->id;
}

GListModel *
sl_interview_session_get_questions (SlInterviewSession *self)
{
  g_return_val_if_fail (SL_IS_INTERVIEW_SESSION (self), NULL);

  return G_LIST_MODEL (self->questions);
}

char *
sl_interview_session_dup_recording_path (SlInterviewSession  *self,
                                         guint                position,
                                         GError             **error)
{
  g_autofree char *dir = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%dT%H%M%S");
  g_autofree char *name = NULL;
  const char *base = g_getenv ("SHORTLIST_RECORDINGS_DIR");

  g_return_val_if_fail (SL_IS_INTERVIEW_SESSION (self), NULL);

  dir = base != NULL && *base != '\0'
        ? g_strdup_printf ("%s/session-%" G_GINT64_FORMAT, base, self->id)
        : g_strdup_printf ("%s/shortlist/recordings/session-%" G_GINT64_FORMAT, g_get_user_data_dir (), self->id);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not create the recordings folder “%s”: %s"), dir, g_strerror (saved));
      return NULL;
    }
  name = g_strdup_printf ("answer-%02u-%s.webm", position + 1, stamp);
  return g_build_filename (dir, name, NULL);
}

/* ---- Analysis ---------------------------------------------------------- */

typedef struct
{
  guint                  position;
  char                  *path;
  SlQuestion            *question;
  SlSpeechTranscript    *transcript;
  SlTranscriber         *transcriber;
  SlStore               *store;
  gint64                 session_id;
  SlTranscriberProgress  progress;
  gpointer               progress_data;
  GMainContext          *context;
} AnalyzeData;

static void
analyze_data_free (AnalyzeData *data)
{
  g_free (data->path);
  g_clear_object (&data->question);
  g_clear_pointer (&data->transcript, sl_speech_transcript_unref);
  g_clear_object (&data->transcriber);
  g_clear_object (&data->store);
  g_clear_pointer (&data->context, g_main_context_unref);
  g_free (data);
}

typedef struct
{
  SlTranscriberProgress progress;
  gpointer              data;
  double                fraction;
} Progress;

static gboolean
progress_cb (gpointer user_data)
{
  Progress *p = user_data;

  p->progress (p->fraction, p->data);
  return G_SOURCE_REMOVE;
}

static void
report_progress (AnalyzeData *data,
                 double       fraction)
{
  Progress *p;
  GSource *source;

  if (data->progress == NULL)
    return;
  p = g_new (Progress, 1);
  p->progress = data->progress;
  p->data = data->progress_data;
  p->fraction = fraction;
  source = g_idle_source_new ();
  g_source_set_callback (source, progress_cb, p, g_free);
  g_source_attach (source, data->context);
  g_source_unref (source);
}

/* The transcriber reports 0–1 for its part, which is most of the work. */
static void
transcriber_progress (double   fraction,
                      gpointer user_data)
{
  report_progress (user_data, 0.1 + 0.8 * fraction);
}

static void
analyze_worker (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  AnalyzeData *data = task_data;
  g_autoptr(GError) error = NULL;
  g_autofree float *samples = NULL;
  g_autoptr(SlAudioFeatures) features = NULL;
  g_autoptr(SlSpeechTranscript) transcript = NULL;
  g_autoptr(SlAnswerAnalysis) analysis = NULL;
  g_autoptr(JsonNode) metrics = NULL;
  g_autoptr(JsonNode) words = NULL;
  g_autofree char *metrics_json = NULL;
  g_autofree char *transcript_json = NULL;
  SlAnswerAnalysisInput input = { 0 };
  gsize n = 0;

  if (g_task_return_error_if_cancelled (task))
    return;
  if (!(samples = sl_speech_audio_load (data->path, RATE, MAX_ANSWER_SECONDS, &n, cancellable, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  features = sl_audio_analyze (samples, n, RATE, NULL);
  report_progress (data, 0.1);

  if (data->transcript != NULL)
    transcript = sl_speech_transcript_ref (data->transcript);
  else if (!(transcript = SL_TRANSCRIBER_GET_IFACE (data->transcriber)->transcribe (
               data->transcriber, data->path, sl_question_get_expected_keywords (data->question),
               transcriber_progress, data, cancellable, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  input.question = sl_question_get_text (data->question);
  input.keywords = sl_question_get_expected_keywords (data->question);
  input.expect_star = sl_question_get_kind (data->question) == SL_QUESTION_KIND_BEHAVIOURAL;
  input.suggested_seconds = sl_question_get_suggested_seconds (data->question);
  analysis = sl_answer_analyze (transcript, features, &input);

  metrics = sl_answer_analysis_to_json (analysis);
  metrics_json = json_to_string (metrics, FALSE);
  words = sl_speech_transcript_to_json (transcript);
  transcript_json = json_to_string (words, FALSE);
  if (g_task_return_error_if_cancelled (task))
    return;
  if (!sl_store_save_interview_answer (data->store, data->session_id, data->position, data->path,
                                       analysis->duration_s, transcript_json, metrics_json,
                                       analysis->score_content, analysis->score_delivery,
                                       analysis->score_overall, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  sl_s3_mirror_queue_recording (data->store, data->session_id, data->path);
  report_progress (data, 1.0);
  g_task_return_pointer (task, g_steal_pointer (&analysis), (GDestroyNotify)sl_answer_analysis_unref);
}

void
sl_interview_session_analyze_answer_async (SlInterviewSession    *self,
                                           guint                  position,
                                           const char            *recording_path,
                                           SlSpeechTranscript    *transcript,
                                           SlTranscriber         *transcriber,
                                           SlTranscriberProgress  progress,
                                           gpointer               progress_data,
                                           GCancellable          *cancellable,
                                           GAsyncReadyCallback    callback,
                                           gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(SlQuestion) question = NULL;
  AnalyzeData *data;

  g_return_if_fail (SL_IS_INTERVIEW_SESSION (self));
  g_return_if_fail (recording_path != NULL);
  g_return_if_fail (transcript != NULL || SL_IS_TRANSCRIBER (transcriber));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sl_interview_session_analyze_answer_async);
  if (!(question = g_list_model_get_item (G_LIST_MODEL (self->questions), position)))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("The session has no question %u"), position + 1);
      return;
    }

  data = g_new0 (AnalyzeData, 1);
  data->position = position;
  data->path = g_strdup (recording_path);
  data->question = sl_question_copy (question);
  data->transcript = transcript != NULL ? sl_speech_transcript_ref (transcript) : NULL;
  data->transcriber = transcriber != NULL ? g_object_ref (transcriber) : NULL;
  data->store = g_object_ref (self->store);
  data->session_id = self->id;
  data->progress = progress;
  data->progress_data = progress_data;
  data->context = g_main_context_ref_thread_default ();
  g_task_set_task_data (task, data, (GDestroyNotify)analyze_data_free);
  g_task_run_in_thread (task, analyze_worker);
}

SlAnswerAnalysis *
sl_interview_session_analyze_answer_finish (SlInterviewSession  *self,
                                            GAsyncResult        *result,
                                            GError             **error)
{
  SlAnswerAnalysis *analysis;

  g_return_val_if_fail (SL_IS_INTERVIEW_SESSION (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  analysis = g_task_propagate_pointer (G_TASK (result), error);
  if (analysis != NULL)
    {
      AnalyzeData *data = g_task_get_task_data (G_TASK (result));

      g_signal_emit (self, signals[SIGNAL_ANSWER_ANALYSED], 0, data->position, analysis);
    }
  return analysis;
}
