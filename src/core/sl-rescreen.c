#define G_LOG_DOMAIN "sl-rescreen"

#include "config.h"

#include "sl-embedder-factory.h"
#include "sl-rescreen.h"
#include "sl-screener.h"
#include "sl-store-rescreen.h"

gboolean
sl_rescreen_open_jobs (SlStore             *store,
                       SlEmbedder          *embedder,
                       SlRescreenProgress   progress,
                       gpointer             progress_data,
                       guint               *n_rescreened,
                       GCancellable        *cancellable,
                       GError             **error)
{
  g_autoptr(SlEmbedder) default_embedder = NULL;
  g_autoptr(GArray) jobs = NULL;
  guint done = 0;

  g_return_val_if_fail (SL_IS_STORE (store), FALSE);
  g_return_val_if_fail (embedder == NULL || SL_IS_EMBEDDER (embedder), FALSE);

  if (n_rescreened != NULL)
    *n_rescreened = 0;
  if (!(jobs = sl_store_list_rescreen_jobs (store, error)))
    return FALSE;
  if (jobs->len > 0 && embedder == NULL)
    {
      if (!(default_embedder = sl_embedder_new_for_provider (store, NULL, error)))
        return FALSE;
      embedder = default_embedder;
    }

  for (guint i = 0; i < jobs->len; i++)
    {
      const SlRescreenJob *job = &g_array_index (jobs, SlRescreenJob, i);
      g_autoptr(GPtrArray) screened = NULL;
      g_autoptr(GError) local_error = NULL;
      SlScreenerOptions options;

      if (progress != NULL)
        progress (i, jobs->len, progress_data);
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      sl_screener_options_init (&options);
      options.all_candidates = job->all_candidates;
      options.config.threshold = job->threshold;
      screened = sl_screener_screen_job (store, embedder, job->job_id, &options, cancellable,
                                         &local_error);
      if (screened == NULL)
        {
          /* Everyone who had applied was erased since: nothing left to score. */
          if (g_error_matches (local_error, SL_SCREENER_ERROR, SL_SCREENER_ERROR_NO_CANDIDATES))
            continue;
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      done++;
    }

  if (progress != NULL)
    progress (jobs->len, jobs->len, progress_data);
  if (n_rescreened != NULL)
    *n_rescreened = done;
  return TRUE;
}

typedef struct
{
  SlStore            *store;
  SlEmbedder         *embedder;
  SlRescreenProgress  progress;
  gpointer            progress_data;
  GMainContext       *context;
} TaskData;

static void
task_data_free (TaskData *data)
{
  g_object_unref (data->store);
  g_clear_object (&data->embedder);
  g_main_context_unref (data->context);
  g_free (data);
}

typedef struct
{
  GTask *task;
  guint  done;
  guint  total;
} ProgressEvent;

static gboolean
progress_dispatch_cb (gpointer user_data)
{
  ProgressEvent *event = user_data;
  TaskData *data = g_task_get_task_data (event->task);

  if (!g_task_get_completed (event->task))
    data->progress (event->done, event->total, data->progress_data);
  return G_SOURCE_REMOVE;
}

static void
progress_event_free (gpointer user_data)
{
  ProgressEvent *event = user_data;

  g_object_unref (event->task);
  g_free (event);
}

static void
thread_progress_cb (guint    done,
                    guint    total,
                    gpointer user_data)
{
  GTask *task = user_data;
  TaskData *data = g_task_get_task_data (task);
  ProgressEvent *event = g_new0 (ProgressEvent, 1);
  g_autoptr(GSource) source = g_idle_source_new ();

  event->task = g_object_ref (task);
  event->done = done;
  event->total = total;
  /* Never g_main_context_invoke (): it would call back on this worker
   * whenever the caller's context happens to be free. */
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, progress_dispatch_cb, event, progress_event_free);
  g_source_attach (source, data->context);
}

static void
rescreen_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  TaskData *data = task_data;
  GError *error = NULL;
  guint n = 0;

  if (!sl_rescreen_open_jobs (data->store, data->embedder,
                              data->progress != NULL ? thread_progress_cb : NULL, task,
                              &n, cancellable, &error))
    g_task_return_error (task, error);
  else
    g_task_return_int (task, n);
}

void
sl_rescreen_open_jobs_async (SlStore             *store,
                             SlEmbedder          *embedder,
                             SlRescreenProgress   progress,
                             gpointer             progress_data,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  TaskData *data;

  g_return_if_fail (SL_IS_STORE (store));
  g_return_if_fail (embedder == NULL || SL_IS_EMBEDDER (embedder));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sl_rescreen_open_jobs_async);
  data = g_new0 (TaskData, 1);
  data->store = g_object_ref (store);
  data->embedder = embedder != NULL ? g_object_ref (embedder) : NULL;
  data->progress = progress;
  data->progress_data = progress_data;
  data->context = g_main_context_ref_thread_default ();
  g_task_set_task_data (task, data, (GDestroyNotify)task_data_free);
  g_task_run_in_thread (task, rescreen_thread);
}

gboolean
sl_rescreen_open_jobs_finish (GAsyncResult  *result,
                              guint         *n_rescreened,
                              GError       **error)
{
  gssize n;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  n = g_task_propagate_int (G_TASK (result), error);
  if (n < 0)
    return FALSE;
  if (n_rescreened != NULL)
    *n_rescreened = n;
  return TRUE;
}
