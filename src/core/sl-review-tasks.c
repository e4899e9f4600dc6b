#define G_LOG_DOMAIN "sl-review-tasks"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sl-job.h"
#include "sl-review-tasks.h"

typedef struct
{
  gint64         id;
  SlModelAction  action;
  char          *decision;
  char          *notes;
  GArray        *skip;
  guint          threshold;
} TaskData;

static void
task_data_free (TaskData *data)
{
  g_free (data->decision);
  g_free (data->notes);
  g_clear_pointer (&data->skip, g_array_unref);
  g_free (data);
}

static GTask *
new_task (SlStore             *store,
          gpointer             source_tag,
          GCancellable        *cancellable,
          GAsyncReadyCallback  callback,
          gpointer             user_data,
          TaskData           **data)
{
  GTask *task = g_task_new (store, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  *data = g_new0 (TaskData, 1);
  g_task_set_task_data (task, *data, (GDestroyNotify)task_data_free);
  return task;
}

void
sl_review_next_free (SlReviewNext *next)
{
  if (next == NULL)
    return;
  g_clear_pointer (&next->item, sl_review_item_free);
  g_clear_object (&next->candidate);
  g_free (next->job_title);
  g_free (next);
}

void
sl_models_snapshot_free (SlModelsSnapshot *snapshot)
{
  if (snapshot == NULL)
    return;
  g_clear_pointer (&snapshot->versions, g_ptr_array_unref);
  g_free (snapshot);
}

static gboolean
is_skipped (GArray *skip,
            gint64  screening_id)
{
  if (skip == NULL)
    return FALSE;
  for (guint i = 0; i < skip->len; i++)
    if (g_array_index (skip, gint64, i) == screening_id)
      return TRUE;
  return FALSE;
}

static void
load_next_worker (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  SlStore *store = source_object;
  TaskData *data = task_data;
  g_autoptr(SlReviewNext) next = g_new0 (SlReviewNext, 1);
  g_autoptr(GPtrArray) queue = NULL;
  g_autoptr(GError) error = NULL;
  guint limit = (data->skip != NULL ? data->skip->len : 0) + 1;
  SlReviewItem *chosen = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;

  if (!(queue = sl_store_list_review_queue (store, 0, limit, &next->remaining, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  for (guint i = 0; i < queue->len && chosen == NULL; i++)
    {
      SlReviewItem *item = g_ptr_array_index (queue, i);

      if (!is_skipped (data->skip, item->screening_id))
        chosen = item;
    }
  if (chosen == NULL && queue->len > 0)
    chosen = g_ptr_array_index (queue, 0);

  if (chosen != NULL)
    {
      g_autoptr(SlJob) job = NULL;

      /* The queue owns its items: take the chosen one out without freeing it. */
      g_ptr_array_set_free_func (queue, NULL);
      for (guint i = 0; i < queue->len; i++)
        if (g_ptr_array_index (queue, i) != chosen)
          sl_review_item_free (g_ptr_array_index (queue, i));
      next->item = chosen;

      /* A candidate or job deleted since the screening is shown without details. */
      next->candidate = sl_store_get_candidate (store, chosen->candidate_id, NULL);
      if ((job = sl_store_get_job (store, chosen->job_id, NULL)) != NULL)
        next->job_title = g_strdup (sl_job_get_title (job));
    }

  g_task_return_pointer (task, g_steal_pointer (&next), (GDestroyNotify)sl_review_next_free);
}

void
sl_review_load_next_async (SlStore             *store,
                           GArray              *skip,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  TaskData *data;

  g_return_if_fail (SL_IS_STORE (store));

  task = new_task (store, sl_review_load_next_async, cancellable, callback, user_data, &data);
  if (skip != NULL)
    {
      data->skip = g_array_sized_new (FALSE, FALSE, sizeof (gint64), skip->len);
      g_array_append_vals (data->skip, skip->data, skip->len);
    }
  g_task_run_in_thread (task, load_next_worker);
}

SlReviewNext *
sl_review_load_next_finish (SlStore       *store,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
review_worker (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  TaskData *data = task_data;
  g_autoptr(GError) error = NULL;
  gint64 review_id;

  if (g_task_return_error_if_cancelled (task))
    return;

  review_id = sl_store_review_screening (source_object, data->id, data->decision, data->notes,
                                         &error);
  if (review_id == 0)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_int (task, review_id);
}

void
sl_review_screening_async (SlStore             *store,
                           gint64               screening_id,
                           const char          *decision,
                           const char          *notes,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  TaskData *data;

  g_return_if_fail (SL_IS_STORE (store));
  g_return_if_fail (decision != NULL);

  task = new_task (store, sl_review_screening_async, cancellable, callback, user_data, &data);
  data->id = screening_id;
  data->decision = g_strdup (decision);
  data->notes = (notes != NULL && notes[0] != '\0') ? g_strdup (notes) : NULL;
  g_task_run_in_thread (task, review_worker);
}

gint64
sl_review_screening_finish (SlStore       *store,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), 0);
  return g_task_propagate_int (G_TASK (result), error);
}

static void
undo_worker (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  TaskData *data = task_data;
  g_autoptr(GError) error = NULL;

  if (!sl_store_delete_review (source_object, data->id, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

void
sl_review_undo_async (SlStore             *store,
                      gint64               review_id,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  TaskData *data;

  g_return_if_fail (SL_IS_STORE (store));

  task = new_task (store, sl_review_undo_async, cancellable, callback, user_data, &data);
  data->id = review_id;
  g_task_run_in_thread (task, undo_worker);
}

gboolean
sl_review_undo_finish (SlStore       *store,
                       GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
status_worker (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  TaskData *data = task_data;
  g_autofree SlTrainingStatus *status = g_new0 (SlTrainingStatus, 1);
  g_autoptr(GError) error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;

  if (!sl_store_get_training_status (source_object, data->threshold, status, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, g_steal_pointer (&status), g_free);
}

void
sl_review_training_status_async (SlStore             *store,
                                 guint                threshold,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  TaskData *data;

  g_return_if_fail (SL_IS_STORE (store));

  task = new_task (store, sl_review_training_status_async, cancellable, callback, user_data,
                   &data);
  data->threshold = threshold;
  g_task_run_in_thread (task, status_worker);
}

gboolean
sl_review_training_status_finish (SlStore           *store,
                                  GAsyncResult      *result,
                                  SlTrainingStatus  *status,
                                  GError           **error)
{
  g_autofree SlTrainingStatus *found = NULL;

  g_return_val_if_fail (g_task_is_valid (result, store), FALSE);
  g_return_val_if_fail (status != NULL, FALSE);

  if (!(found = g_task_propagate_pointer (G_TASK (result), error)))
    return FALSE;
  *status = *found;
  return TRUE;
}

static void
load_models_worker (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  g_autoptr(SlModelsSnapshot) snapshot = g_new0 (SlModelsSnapshot, 1);
  g_autoptr(GError) error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;

  if (!(snapshot->versions = sl_store_list_model_versions (source_object, &error)) ||
      !sl_store_get_shadow_model_id (source_object, &snapshot->shadow_id, &error) ||
      (snapshot->shadow_id != 0 &&
       !sl_store_get_shadow_stats (source_object, snapshot->shadow_id, &snapshot->shadow_stats,
                                   &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&snapshot),
                         (GDestroyNotify)sl_models_snapshot_free);
}

void
sl_review_load_models_async (SlStore             *store,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  TaskData *data;

  g_return_if_fail (SL_IS_STORE (store));

  task = new_task (store, sl_review_load_models_async, cancellable, callback, user_data, &data);
  g_task_run_in_thread (task, load_models_worker);
}

SlModelsSnapshot *
sl_review_load_models_finish (SlStore       *store,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
model_action_worker (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  TaskData *data = task_data;
  g_autoptr(GError) error = NULL;
  gint64 id = 0;
  gboolean done = FALSE;

  switch (data->action)
    {
    case SL_MODEL_ACTION_ACTIVATE:
      done = sl_store_activate_model_version (source_object, data->id,
                                              _("Activated by hand"), &error);
      id = data->id;
      break;
    case SL_MODEL_ACTION_ROLLBACK:
      id = sl_store_rollback_model (source_object, &error);
      done = id != 0;
      break;
    case SL_MODEL_ACTION_SHADOW:
      done = sl_store_set_shadow_model (source_object, data->id, &error);
      id = data->id;
      break;
    default:
      g_assert_not_reached ();
    }

  if (!done)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_int (task, id);
}

void
sl_review_model_action_async (SlStore             *store,
                              SlModelAction        action,
                              gint64               version_id,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  TaskData *data;

  g_return_if_fail (SL_IS_STORE (store));

  task = new_task (store, sl_review_model_action_async, cancellable, callback, user_data, &data);
  data->action = action;
  data->id = version_id;
  g_task_run_in_thread (task, model_action_worker);
}

gint64
sl_review_model_action_finish (SlStore       *store,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), 0);
  return g_task_propagate_int (G_TASK (result), error);
}
