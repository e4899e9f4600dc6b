#define G_LOG_DOMAIN "sl-store"

#include "config.h"

#include <math.h>

#include "sl-store-duplicates.h"
#include "sl-store-private.h"

gboolean
sl_store_link_duplicates (SlStore     *self,
                          gint64       candidate_id,
                          gint64       other_id,
                          const char  *reason,
                          double       similarity,
                          GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (SL_IS_STORE (self), FALSE);
  g_return_val_if_fail (reason != NULL, FALSE);

  if (candidate_id == other_id)
    return TRUE;

  locker = g_mutex_locker_new (_sl_store_get_mutex (self));
  if (!_sl_store_begin (self, error))
    return FALSE;
  if (!(stmt = _sl_store_prepare (self,
                                  "INSERT OR IGNORE INTO duplicate_links"
                                  " (candidate_id, other_id, reason, similarity, created_at)"
                                  " VALUES (?1, ?2, ?3, ?4, ?5)", error)))
    goto failed;
  sqlite3_bind_int64 (stmt, 1, candidate_id);
  sqlite3_bind_int64 (stmt, 2, other_id);
  _sl_store_bind_text (stmt, 3, reason);
  if (isfinite (similarity))
    sqlite3_bind_double (stmt, 4, similarity);
  else
    sqlite3_bind_null (stmt, 4);
  sqlite3_bind_int64 (stmt, 5, _sl_store_now ());
  if (!_sl_store_step_done (self, stmt, error) ||
      !_sl_store_audit (self, "candidate.duplicate-link", "candidate", candidate_id, NULL, error) ||
      !_sl_store_commit (self, error))
    goto failed;

  _sl_store_queue_changed (self, SL_STORE_CHANGED_CANDIDATES);
  return TRUE;

failed:
  _sl_store_rollback (self);
  return FALSE;
}
