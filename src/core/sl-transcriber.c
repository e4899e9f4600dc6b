#define G_LOG_DOMAIN "sl-transcriber"

#include "config.h"

#include "sl-transcriber.h"

G_DEFINE_INTERFACE (SlTranscriber, sl_transcriber, G_TYPE_OBJECT)

G_DEFINE_QUARK (sl-transcriber-error-quark, sl_transcriber_error)

static void
sl_transcriber_default_init (SlTranscriberInterface *iface)
{
}

const char *
sl_transcriber_get_engine_id (SlTranscriber *self)
{
  g_return_val_if_fail (SL_IS_TRANSCRIBER (self), NULL);

  return SL_TRANSCRIBER_GET_IFACE (self)->get_engine_id (self);
}

SlSpeechTranscript *
sl_transcriber_transcribe (SlTranscriber       *self,
                           const char          *path,
                           const char * const  *keywords,
                           GCancellable        *cancellable,
                           GError             **error)
{
  g_return_val_if_fail (SL_IS_TRANSCRIBER (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  return SL_TRANSCRIBER_GET_IFACE (self)->transcribe (self, path, keywords, NULL, NULL,
                                                      cancellable, error);
}

/* Always queues: g_main_context_invoke() would run the function right
 * here when no thread owns the context, which is not the main thread. */
static void
invoke_on (GMainContext   *context,
           GSourceFunc     func,
           gpointer        data,
           GDestroyNotify  notify)
{
  GSource *source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, func, data, notify);
  g_source_attach (source, context);
  g_source_unref (source);
}

typedef struct
{
  char                  *path;
  GStrv                  keywords;
  SlTranscriberProgress  progress;
  gpointer               progress_data;
  GMainContext          *context;
  gint64                 last_report;
} TranscribeData;

static void
transcribe_data_free (TranscribeData *data)
{
  g_free (data->path);
  g_strfreev (data->keywords);
  g_main_context_unref (data->context);
  g_free (data);
}

typedef struct
{
  SlTranscriberProgress progress;
  gpointer              progress_data;
  double                fraction;
} ProgressReport;

static gboolean
report_progress_cb (gpointer user_data)
{
  ProgressReport *report = user_data;

  report->progress (report->fraction, report->progress_data);
  return G_SOURCE_REMOVE;
}

/* Runs on the worker: forwards at most five reports a second. */
static void
worker_progress (double   fraction,
                 gpointer user_data)
{
  TranscribeData *data = user_data;
  gint64 now = g_get_monotonic_time ();
  ProgressReport *report;

  if (fraction < 1.0 && now - data->last_report < G_USEC_PER_SEC / 5)
    return;
  data->last_report = now;
  report = g_new (ProgressReport, 1);
  report->progress = data->progress;
  report->progress_data = data->progress_data;
  report->fraction = fraction;
  invoke_on (data->context, report_progress_cb, report, g_free);
}

static void
transcribe_worker (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  SlTranscriber *self = source_object;
  TranscribeData *data = task_data;
  g_autoptr(GError) error = NULL;
  SlSpeechTranscript *transcript;

  if (g_task_return_error_if_cancelled (task))
    return;
  transcript = SL_TRANSCRIBER_GET_IFACE (self)->transcribe (self, data->path,
                                                            (const char * const *)data->keywords,
                                                            data->progress != NULL ? worker_progress : NULL,
                                                            data, cancellable, &error);
  if (transcript == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, transcript, (GDestroyNotify)sl_speech_transcript_unref);
}

void
sl_transcriber_transcribe_async (SlTranscriber          *self,
                                 const char             *path,
                                 const char * const     *keywords,
                                 SlTranscriberProgress   progress,
                                 gpointer                progress_data,
                                 GCancellable           *cancellable,
                                 GAsyncReadyCallback     callback,
                                 gpointer                user_data)
{
  g_autoptr(GTask) task = NULL;
  TranscribeData *data;

  g_return_if_fail (SL_IS_TRANSCRIBER (self));
  g_return_if_fail (path != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  data = g_new0 (TranscribeData, 1);
  data->path = g_strdup (path);
  data->keywords = g_strdupv ((char **)keywords);
  data->progress = progress;
  data->progress_data = progress_data;
  data->context = g_main_context_ref_thread_default ();

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sl_transcriber_transcribe_async);
  g_task_set_task_data (task, data, (GDestroyNotify)transcribe_data_free);
  g_task_run_in_thread (task, transcribe_worker);
}

SlSpeechTranscript *
sl_transcriber_transcribe_finish (SlTranscriber  *self,
                                  GAsyncResult   *result,
                                  GError        **error)
{
  g_return_val_if_fail (SL_IS_TRANSCRIBER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
