#define G_LOG_DOMAIN "sl-store-outbox"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "sl-store-outbox.h"
#include "sl-store-private.h"

#define OUTBOX_CHANGED "outbox"

void
sl_outbox_item_free (SlOutboxItem *item)
{
  if (item == NULL)
    return;

  g_free (item->kind);
  g_free (item->payload);
  g_free (item->last_error);
  g_free (item);
}

gint64
sl_outbox_backoff_seconds (guint attempts)
{
  gint64 base = 30;
  gint64 cap = 6 * 60 * 60;
  gint64 delay;

  delay = base << MIN (attempts > 0 ? attempts - 1 : 0, 20);
  delay = MIN (delay, cap);
  /* Equal jitter: at least half the delay, so retries still back off. */
  return delay / 2 + g_random_int_range (0, (gint32)(delay / 2) + 1);
}

gboolean
sl_store_outbox_enqueue (SlStore     *self,
                         const char  *kind,
                         const char  *payload_json,
                         gint64      *out_id,
                         GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autofree char *detail = NULL;
  sqlite3_stmt *stmt;
  gint64 id;
  gint64 now = _sl_store_now ();

  g_return_val_if_fail (SL_IS_STORE (self), FALSE);
  g_return_val_if_fail (kind != NULL && *kind != '\0', FALSE);
  g_return_val_if_fail (payload_json != NULL, FALSE);

  locker = g_mutex_locker_new (_sl_store_get_mutex (self));
  if (!_sl_store_begin (self, error))
    return FALSE;

  if (!(stmt = _sl_store_prepare (self,
                                  "INSERT INTO outbox (kind, payload, attempts, next_attempt_at, created_at)"
                                  " VALUES (?1, ?2, 0, ?3, ?3)", error)))
    goto failed;
  _sl_store_bind_text (stmt, 1, kind);
  _sl_store_bind_text (stmt, 2, payload_json);
  sqlite3_bind_int64 (stmt, 3, now);
  if (!_sl_store_step_done (self, stmt, error))
    goto failed;
  id = sqlite3_last_insert_rowid (_sl_store_get_db (self));

  {
    g_autoptr(JsonBuilder) builder = json_builder_new ();
    g_autoptr(JsonNode) root = NULL;

    json_builder_begin_object (builder);
    json_builder_set_member_name (builder, "kind");
    json_builder_add_string_value (builder, kind);
    json_builder_end_object (builder);
    root = json_builder_get_root (builder);
    detail = json_to_string (root, FALSE);
  }
  if (!_sl_store_audit (self, "outbox.enqueue", "outbox", id, detail, error) ||
      !_sl_store_commit (self, error))
    goto failed;

  _sl_store_queue_changed (self, OUTBOX_CHANGED);
  if (out_id != NULL)
    *out_id = id;
  return TRUE;

failed:
  _sl_store_rollback (self);
  return FALSE;
}

static SlOutboxItem *
item_from_row (sqlite3_stmt *stmt)
{
  SlOutboxItem *item = g_new0 (SlOutboxItem, 1);

  item->id = sqlite3_column_int64 (stmt, 0);
  item->kind = g_strdup (_sl_store_column_text (stmt, 1));
  item->payload = g_strdup (_sl_store_column_text (stmt, 2));
  item->attempts = sqlite3_column_int (stmt, 3);
  item->next_attempt_at = sqlite3_column_int64 (stmt, 4);
  if (sqlite3_column_type (stmt, 5) != SQLITE_NULL)
    item->last_error = g_strdup (_sl_store_column_text (stmt, 5));
  item->created_at = sqlite3_column_int64 (stmt, 6);
  item->done_at = sqlite3_column_type (stmt, 7) != SQLITE_NULL ? sqlite3_column_int64 (stmt, 7) : 0;

  return item;
}

#define ITEM_COLUMNS "id, kind, payload, attempts, next_attempt_at, last_error, created_at, done_at"

GPtrArray *
sl_store_outbox_claim (SlStore     *self,
                       const char  *kind_prefix,
                       gint64       now,
                       guint        limit,
                       guint        lease_seconds,
                       GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GPtrArray) items = NULL;
  sqlite3_stmt *stmt;
  gboolean has_row = FALSE;

  g_return_val_if_fail (SL_IS_STORE (self), NULL);
  g_return_val_if_fail (limit > 0, NULL);

  items = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_outbox_item_free);
  locker = g_mutex_locker_new (_sl_store_get_mutex (self));
  if (!_sl_store_begin (self, error))
    return NULL;

  if (!(stmt = _sl_store_prepare (self,
                                  "SELECT " ITEM_COLUMNS " FROM outbox"
                                  " WHERE done_at IS NULL AND next_attempt_at <= ?1"
                                  "   AND substr(kind, 1, length(?2)) = ?2"
                                  " ORDER BY next_attempt_at, id LIMIT ?3", error)))
    goto failed;
  sqlite3_bind_int64 (stmt, 1, now);
  _sl_store_bind_text (stmt, 2, kind_prefix != NULL ? kind_prefix : "");
  sqlite3_bind_int (stmt, 3, limit);
  for (;;)
    {
      if (!_sl_store_step_row (self, stmt, &has_row, error))
        goto failed;
      if (!has_row)
        break;
      g_ptr_array_add (items, item_from_row (stmt));
    }
  sqlite3_reset (stmt);

  for (guint i = 0; i < items->len; i++)
    {
      SlOutboxItem *item = items->pdata[i];

      if (!(stmt = _sl_store_prepare (self, "UPDATE outbox SET next_attempt_at = ?2 WHERE id = ?1",
                                      error)))
        goto failed;
      sqlite3_bind_int64 (stmt, 1, item->id);
      sqlite3_bind_int64 (stmt, 2, now + lease_seconds);
      if (!_sl_store_step_done (self, stmt, error))
        goto failed;
    }

  if (items->len > 0 &&
      !_sl_store_audit (self, "outbox.claim", "outbox", ((SlOutboxItem *)items->pdata[0])->id, NULL,
                        error))
    goto failed;
  if (!_sl_store_commit (self, error))
    goto failed;

  return g_steal_pointer (&items);

failed:
  _sl_store_rollback (self);
  return NULL;
}

gboolean
sl_store_outbox_mark_done (SlStore  *self,
                           gint64    id,
                           GError  **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (SL_IS_STORE (self), FALSE);

  locker = g_mutex_locker_new (_sl_store_get_mutex (self));
  if (!_sl_store_begin (self, error))
    return FALSE;

  if (!(stmt = _sl_store_prepare (self,
                                  "UPDATE outbox SET done_at = ?2, last_error = NULL"
                                  " WHERE id = ?1 AND done_at IS NULL", error)))
    goto failed;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, _sl_store_now ());
  if (!_sl_store_step_done (self, stmt, error))
    goto failed;
  if (sqlite3_changes (_sl_store_get_db (self)) == 0)
    {
      g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_NOT_FOUND,
                   _("There is no pending outbox item with the number %" G_GINT64_FORMAT), id);
      goto failed;
    }
  if (!_sl_store_audit (self, "outbox.done", "outbox", id, NULL, error) ||
      !_sl_store_commit (self, error))
    goto failed;

  _sl_store_queue_changed (self, OUTBOX_CHANGED);
  return TRUE;

failed:
  _sl_store_rollback (self);
  return FALSE;
}

gboolean
sl_store_outbox_reschedule (SlStore     *self,
                            gint64       id,
                            gint64       next_attempt_at,
                            const char  *error_text,
                            GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (SL_IS_STORE (self), FALSE);

  locker = g_mutex_locker_new (_sl_store_get_mutex (self));
  if (!_sl_store_begin (self, error))
    return FALSE;

  if (!(stmt = _sl_store_prepare (self,
                                  "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?2,"
                                  " last_error = ?3 WHERE id = ?1 AND done_at IS NULL", error)))
    goto failed;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, next_attempt_at);
  _sl_store_bind_text (stmt, 3, error_text);
  if (!_sl_store_step_done (self, stmt, error))
    goto failed;
  if (sqlite3_changes (_sl_store_get_db (self)) == 0)
    {
      g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_NOT_FOUND,
                   _("There is no pending outbox item with the number %" G_GINT64_FORMAT), id);
      goto failed;
    }
  if (!_sl_store_audit (self, "outbox.retry", "outbox", id, NULL, error) ||
      !_sl_store_commit (self, error))
    goto failed;

  _sl_store_queue_changed (self, OUTBOX_CHANGED);
  return TRUE;

failed:
  _sl_store_rollback (self);
  return FALSE;
}

SlOutboxItem *
sl_store_outbox_get (SlStore  *self,
                     gint64    id,
                     GError  **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  sqlite3_stmt *stmt;
  gboolean has_row = FALSE;
  SlOutboxItem *item;

  g_return_val_if_fail (SL_IS_STORE (self), NULL);

  locker = g_mutex_locker_new (_sl_store_get_mutex (self));
  if (!(stmt = _sl_store_prepare (self, "SELECT " ITEM_COLUMNS " FROM outbox WHERE id = ?1",
                                  error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!_sl_store_step_row (self, stmt, &has_row, error))
    return NULL;
  if (!has_row)
    {
      sqlite3_reset (stmt);
      g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_NOT_FOUND,
                   _("There is no outbox item with the number %" G_GINT64_FORMAT), id);
      return NULL;
    }
  item = item_from_row (stmt);
  sqlite3_reset (stmt);
  return item;
}

gboolean
sl_store_outbox_count (SlStore     *self,
                       const char  *kind_prefix,
                       guint       *n_pending,
                       guint       *n_done,
                       GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  sqlite3_stmt *stmt;
  gboolean has_row = FALSE;

  g_return_val_if_fail (SL_IS_STORE (self), FALSE);

  locker = g_mutex_locker_new (_sl_store_get_mutex (self));
  if (!(stmt = _sl_store_prepare (self,
                                  "SELECT count(*) FILTER (WHERE done_at IS NULL),"
                                  "       count(*) FILTER (WHERE done_at IS NOT NULL)"
                                  " FROM outbox WHERE substr(kind, 1, length(?1)) = ?1", error)))
    return FALSE;
  _sl_store_bind_text (stmt, 1, kind_prefix != NULL ? kind_prefix : "");
  if (!_sl_store_step_row (self, stmt, &has_row, error))
    return FALSE;
  if (n_pending != NULL)
    *n_pending = sqlite3_column_int (stmt, 0);
  if (n_done != NULL)
    *n_done = sqlite3_column_int (stmt, 1);
  sqlite3_reset (stmt);
  return TRUE;
}
