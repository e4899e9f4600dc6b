#define G_LOG_DOMAIN "sl-store-embedding-cache"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sl-store-embedding-cache.h"
#include "sl-store-private.h"

gboolean
sl_store_embedding_cache_lookup (SlStore             *self,
                                 const char          *model,
                                 const char * const  *text_sha256,
                                 guint                n_texts,
                                 guint                dimension,
                                 float               *out,
                                 gboolean            *found,
                                 GError             **error)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (SL_IS_STORE (self), FALSE);
  g_return_val_if_fail (model != NULL, FALSE);
  g_return_val_if_fail (dimension > 0, FALSE);

  locker = g_mutex_locker_new (_sl_store_get_mutex (self));
  for (guint i = 0; i < n_texts; i++)
    {
      sqlite3_stmt *stmt;
      gboolean has_row = FALSE;

      found[i] = FALSE;
      if (!(stmt = _sl_store_prepare (self,
                                      "SELECT vector FROM embedding_cache"
                                      " WHERE model = ?1 AND text_sha256 = ?2 AND dimension = ?3", error)))
        return FALSE;
      _sl_store_bind_text (stmt, 1, model);
      _sl_store_bind_text (stmt, 2, text_sha256[i]);
      sqlite3_bind_int (stmt, 3, dimension);
      if (!_sl_store_step_row (self, stmt, &has_row, error))
        return FALSE;
      if (has_row && sqlite3_column_bytes (stmt, 0) == (int)(dimension * sizeof (float)))
        {
          memcpy (out + (gsize)i * dimension, sqlite3_column_blob (stmt, 0),
                  dimension * sizeof (float));
          found[i] = TRUE;
        }
      sqlite3_reset (stmt);
    }

  return TRUE;
}

gboolean
sl_store_embedding_cache_put (SlStore             *self,
                              const char          *model,
                              const char * const  *text_sha256,
                              guint                n_texts,
                              guint                dimension,
                              const float         *vectors,
                              GError             **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autofree char *detail = NULL;
  gint64 now = _sl_store_now ();

  g_return_val_if_fail (SL_IS_STORE (self), FALSE);
  g_return_val_if_fail (model != NULL, FALSE);
  g_return_val_if_fail (dimension > 0, FALSE);

  if (n_texts == 0)
    return TRUE;

  locker = g_mutex_locker_new (_sl_store_get_mutex (self));
  if (!_sl_store_begin (self, error))
    return FALSE;

  for (guint i = 0; i < n_texts; i++)
    {
      sqlite3_stmt *stmt;

      if (!(stmt = _sl_store_prepare (self,
                                      "INSERT OR REPLACE INTO embedding_cache"
                                      " (model, text_sha256, dimension, vector, created_at)"
                                      " VALUES (?1, ?2, ?3, ?4, ?5)", error)))
        goto failed;
      _sl_store_bind_text (stmt, 1, model);
      _sl_store_bind_text (stmt, 2, text_sha256[i]);
      sqlite3_bind_int (stmt, 3, dimension);
      sqlite3_bind_blob (stmt, 4, vectors + (gsize)i * dimension, dimension * sizeof (float),
                         SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 5, now);
      if (!_sl_store_step_done (self, stmt, error))
        goto failed;
    }

  detail = g_strdup_printf ("{\"count\": %u}", n_texts);
  if (!_sl_store_audit (self, "embedding_cache.put", "embedding_cache", 0, detail, error) ||
      !_sl_store_commit (self, error))
    goto failed;

  return TRUE;

failed:
  _sl_store_rollback (self);
  return FALSE;
}
