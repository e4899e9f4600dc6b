#define G_LOG_DOMAIN "sl-store"

#include "config.h"

#include <math.h>

#include "sl-store-duplicates.h"
#include "sl-store-private.h"

void
sl_duplicate_link_free (SlDuplicateLink *link)
{
  if (link == NULL)
    return;
  g_free (link->reason);
  g_free (link);
}

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

GPtrArray *
sl_store_list_duplicate_links (SlStore  *self,
                               gint64    candidate_id,
                               GError  **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GPtrArray) links = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_duplicate_link_free);
  sqlite3_stmt *stmt;
  gboolean has_row;

  g_return_val_if_fail (SL_IS_STORE (self), NULL);

  locker = g_mutex_locker_new (_sl_store_get_mutex (self));
  if (!(stmt = _sl_store_prepare (self,
                                  "SELECT other_id, reason, similarity FROM duplicate_links WHERE candidate_id = ?1"
                                  " UNION SELECT candidate_id, reason, similarity FROM duplicate_links"
                                  " WHERE other_id = ?1 ORDER BY 1", error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, candidate_id);
  while (TRUE)
    {
      SlDuplicateLink *link;

      if (!_sl_store_step_row (self, stmt, &has_row, error))
        return NULL;
      if (!has_row)
        break;
      link = g_new0 (SlDuplicateLink, 1);
      link->other_id = sqlite3_column_int64 (stmt, 0);
      link->reason = g_strdup (_sl_store_column_text (stmt, 1));
      link->similarity = sqlite3_column_type (stmt, 2) == SQLITE_NULL ? NAN : sqlite3_column_double (stmt, 2);
      g_ptr_array_add (links, link);
    }
  sqlite3_reset (stmt);
  return g_steal_pointer (&links);
}
