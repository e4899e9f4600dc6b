#define G_LOG_DOMAIN "sl-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "sl-store-private.h"

#define JOB_COLUMNS "id, title, description, requirements, location, status, parsed, created_at, updated_at"

static SlJob *
job_from_row (sqlite3_stmt *stmt)
{
  SlJob *job = sl_job_new (_sl_store_column_text (stmt, 1));
  SlJobStatus status = SL_JOB_STATUS_OPEN;

  sl_job_set_id (job, sqlite3_column_int64 (stmt, 0));
  sl_job_set_description (job, _sl_store_column_text (stmt, 2));
  sl_job_set_requirements (job, _sl_store_column_text (stmt, 3));
  sl_job_set_location (job, _sl_store_column_text (stmt, 4));
  sl_job_status_from_string (_sl_store_column_text (stmt, 5), &status);
  sl_job_set_status (job, status);
  sl_job_set_parsed (job, (const char *)sqlite3_column_text (stmt, 6));
  sl_job_set_created_at (job, sqlite3_column_int64 (stmt, 7));
  sl_job_set_updated_at (job, sqlite3_column_int64 (stmt, 8));

  return job;
}

static gboolean
validate_job (SlJob   *job,
              GError **error)
{
  g_autofree char *title = g_strstrip (g_strdup (sl_job_get_title (job)));
  const char *parsed = sl_job_get_parsed (job);

  if (title[0] == '\0')
    {
      g_set_error_literal (error, SL_STORE_ERROR, SL_STORE_ERROR_INVALID,
                           _("A job needs a title"));
      return FALSE;
    }
  if (parsed != NULL && !g_utf8_validate (parsed, -1, NULL))
    {
      g_set_error_literal (error, SL_STORE_ERROR, SL_STORE_ERROR_INVALID,
                           _("The parsed requirements are not valid text"));
      return FALSE;
    }
  return TRUE;
}

static char *
title_detail (SlJob *job)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "title");
  json_builder_add_string_value (builder, sl_job_get_title (job));
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

static void
bind_job (sqlite3_stmt *stmt,
          SlJob        *job)
{
  g_autofree char *title = g_strstrip (g_strdup (sl_job_get_title (job)));

  _sl_store_bind_text (stmt, 1, title);
  _sl_store_bind_text (stmt, 2, sl_job_get_description (job));
  _sl_store_bind_text (stmt, 3, sl_job_get_requirements (job));
  _sl_store_bind_text (stmt, 4, sl_job_get_location (job));
  _sl_store_bind_text (stmt, 5, sl_job_status_to_string (sl_job_get_status (job)));
  if (sl_job_get_parsed (job) != NULL)
    _sl_store_bind_text (stmt, 6, sl_job_get_parsed (job));
  else
    sqlite3_bind_null (stmt, 6);
}

gboolean
sl_store_add_job (SlStore  *self,
                  SlJob    *job,
                  GError  **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autofree char *detail = NULL;
  sqlite3_stmt *stmt;
  gint64 now = _sl_store_now ();
  gint64 id;

  g_return_val_if_fail (SL_IS_STORE (self), FALSE);
  g_return_val_if_fail (SL_IS_JOB (job), FALSE);

  if (!validate_job (job, error))
    return FALSE;

  detail = title_detail (job);
  locker = g_mutex_locker_new (_sl_store_get_mutex (self));
  if (!_sl_store_begin (self, error))
    return FALSE;

  if (!(stmt = _sl_store_prepare (self,
                                  "INSERT INTO jobs (title, description, requirements, location,"
                                  " status, parsed, created_at, updated_at)"
                                  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)", error)))
    goto failed;
  bind_job (stmt, job);
  sqlite3_bind_int64 (stmt, 7, now);
  if (!_sl_store_step_done (self, stmt, error))
    goto failed;
  id = sqlite3_last_insert_rowid (_sl_store_get_db (self));

  if (!_sl_store_audit (self, "job.add", "job", id, detail, error) ||
      !_sl_store_commit (self, error))
    goto failed;

  sl_job_set_id (job, id);
  sl_job_set_created_at (job, now);
  sl_job_set_updated_at (job, now);
  _sl_store_queue_changed (self, SL_STORE_CHANGED_JOBS);
  return TRUE;

failed:
  _sl_store_rollback (self);
  return FALSE;
}

gboolean
sl_store_update_job (SlStore  *self,
                     SlJob    *job,
                     GError  **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autofree char *detail = NULL;
  sqlite3_stmt *stmt;
  gint64 now = _sl_store_now ();

  g_return_val_if_fail (SL_IS_STORE (self), FALSE);
  g_return_val_if_fail (SL_IS_JOB (job), FALSE);

  if (!validate_job (job, error))
    return FALSE;

  detail = title_detail (job);
  locker = g_mutex_locker_new (_sl_store_get_mutex (self));
  if (!_sl_store_begin (self, error))
    return FALSE;

  if (!(stmt = _sl_store_prepare (self,
                                  "UPDATE jobs SET title = ?1, description = ?2, requirements = ?3,"
                                  " location = ?4, status = ?5, parsed = ?6, updated_at = ?7"
                                  " WHERE id = ?8", error)))
    goto failed;
  bind_job (stmt, job);
  sqlite3_bind_int64 (stmt, 7, now);
  sqlite3_bind_int64 (stmt, 8, sl_job_get_id (job));
  if (!_sl_store_step_done (self, stmt, error))
    goto failed;
  if (sqlite3_changes (_sl_store_get_db (self)) == 0)
    {
      g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_NOT_FOUND,
                   _("There is no job with the number %lld"), (long long) sl_job_get_id (job));
      goto failed;
    }

  if (!_sl_store_audit (self, "job.update", "job", sl_job_get_id (job), detail, error) ||
      !_sl_store_commit (self, error))
    goto failed;

  sl_job_set_updated_at (job, now);
  _sl_store_queue_changed (self, SL_STORE_CHANGED_JOBS);
  return TRUE;

failed:
  _sl_store_rollback (self);
  return FALSE;
}

gboolean
sl_store_delete_job (SlStore  *self,
                     gint64    job_id,
                     GError  **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (SL_IS_STORE (self), FALSE);

  locker = g_mutex_locker_new (_sl_store_get_mutex (self));
  if (!_sl_store_begin (self, error))
    return FALSE;

  if (!(stmt = _sl_store_prepare (self, "DELETE FROM jobs WHERE id = ?1", error)))
    goto failed;
  sqlite3_bind_int64 (stmt, 1, job_id);
  if (!_sl_store_step_done (self, stmt, error))
    goto failed;
  if (sqlite3_changes (_sl_store_get_db (self)) == 0)
    {
      g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_NOT_FOUND,
                   _("There is no job with the number %lld"), (long long) job_id);
      goto failed;
    }
  if (!_sl_store_audit (self, "job.delete", "job", job_id, NULL, error) ||
      !_sl_store_commit (self, error))
    goto failed;

  _sl_store_queue_changed (self, SL_STORE_CHANGED_JOBS);
  return TRUE;

failed:
  _sl_store_rollback (self);
  return FALSE;
}

SlJob *
sl_store_get_job (SlStore  *self,
                  gint64    job_id,
                  GError  **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  sqlite3_stmt *stmt;
  gboolean has_row;
  SlJob *job;

  g_return_val_if_fail (SL_IS_STORE (self), NULL);

  locker = g_mutex_locker_new (_sl_store_get_mutex (self));
  if (!(stmt = _sl_store_prepare (self, "SELECT " JOB_COLUMNS " FROM jobs WHERE id = ?1", error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, job_id);
  if (!_sl_store_step_row (self, stmt, &has_row, error))
    return NULL;
  if (!has_row)
    {
      g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_NOT_FOUND,
                   _("There is no job with the number %lld"), (long long) job_id);
      return NULL;
    }
  job = job_from_row (stmt);
  sqlite3_reset (stmt);
  return job;
}

GPtrArray *
sl_store_list_jobs (SlStore  *self,
                    GError  **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GPtrArray) jobs = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt;
  gboolean has_row;

  g_return_val_if_fail (SL_IS_STORE (self), NULL);

  locker = g_mutex_locker_new (_sl_store_get_mutex (self));
  if (!(stmt = _sl_store_prepare (self,
                                  "SELECT " JOB_COLUMNS " FROM jobs"
                                  " ORDER BY status = 'closed', updated_at DESC, id DESC", error)))
    return NULL;
  while (TRUE)
    {
      if (!_sl_store_step_row (self, stmt, &has_row, error))
        return NULL;
      if (!has_row)
        break;
      g_ptr_array_add (jobs, job_from_row (stmt));
    }
  sqlite3_reset (stmt);
  return g_steal_pointer (&jobs);
}

static void
list_jobs_worker (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  g_autoptr(GPtrArray) jobs = NULL;
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;

  if (!(jobs = sl_store_list_jobs (source_object, &error)))
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_steal_pointer (&jobs), (GDestroyNotify)g_ptr_array_unref);
}

void
sl_store_list_jobs_async (SlStore             *self,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SL_IS_STORE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sl_store_list_jobs_async);
  g_task_run_in_thread (task, list_jobs_worker);
}

GPtrArray *
sl_store_list_jobs_finish (SlStore       *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
save_job_worker (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  SlJob *job = task_data;
  GError *error = NULL;
  gboolean ok;

  if (g_task_return_error_if_cancelled (task))
    return;

  if (sl_job_get_id (job) > 0)
    ok = sl_store_update_job (source_object, job, &error);
  else
    ok = sl_store_add_job (source_object, job, &error);

  if (!ok)
    g_task_return_error (task, error);
  else
    g_task_return_int (task, sl_job_get_id (job));
}

void
sl_store_save_job_async (SlStore             *self,
                         SlJob               *job,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SL_IS_STORE (self));
  g_return_if_fail (SL_IS_JOB (job));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sl_store_save_job_async);
  /* The worker only sees a private copy, never an object the UI may touch. */
  g_task_set_task_data (task, sl_job_copy (job), g_object_unref);
  g_task_run_in_thread (task, save_job_worker);
}

gint64
sl_store_save_job_finish (SlStore       *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), 0);
  return g_task_propagate_int (G_TASK (result), error);
}

static void
delete_job_worker (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  gint64 job_id = *(gint64 *)task_data;
  GError *error = NULL;

  if (!sl_store_delete_job (source_object, job_id, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
sl_store_delete_job_async (SlStore             *self,
                           gint64               job_id,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SL_IS_STORE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sl_store_delete_job_async);
  g_task_set_task_data (task, g_memdup2 (&job_id, sizeof job_id), g_free);
  g_task_run_in_thread (task, delete_job_worker);
}

gboolean
sl_store_delete_job_finish (SlStore       *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
