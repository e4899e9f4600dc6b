/* sl-store-matching.c: SQL for embeddings, term statistics, keyword search
 * and filter metadata. */
#define G_LOG_DOMAIN "sl-store"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "sl-store-matching.h"
#include "sl-store-private.h"

/* The number of documents lives beside the terms under a key no feature can have. */
#define N_DOCUMENTS_TERM " N"

static gboolean
upsert_term (SlStore     *self,
             const char  *term,
             gint64       delta,
             GError     **error)
{
  sqlite3_stmt *stmt;

  if (!(stmt = _sl_store_prepare (self,
                                  "INSERT INTO term_stats (term, doc_freq) VALUES (?1, max (?2, 0))"
                                  " ON CONFLICT (term) DO UPDATE SET doc_freq = max (doc_freq + ?2, 0)",
                                  error)))
    return FALSE;
  _sl_store_bind_text (stmt, 1, term);
  sqlite3_bind_int64 (stmt, 2, delta);
  return _sl_store_step_done (self, stmt, error);
}

gboolean
sl_store_load_term_stats (SlStore     *self,
                          GHashTable **doc_freq,
                          gint64      *n_documents,
                          GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GHashTable) table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  sqlite3_stmt *stmt;
  gboolean has_row;
  gint64 n = 0;

  g_return_val_if_fail (SL_IS_STORE (self), FALSE);
  g_return_val_if_fail (doc_freq != NULL && n_documents != NULL, FALSE);

  locker = g_mutex_locker_new (_sl_store_get_mutex (self));
  if (!(stmt = _sl_store_prepare (self, "SELECT term, doc_freq FROM term_stats WHERE doc_freq > 0",
                                  error)))
    return FALSE;
  while (TRUE)
    {
      const char *term;

      if (!_sl_store_step_row (self, stmt, &has_row, error))
        return FALSE;
      if (!has_row)
        break;
      term = _sl_store_column_text (stmt, 0);
      if (g_str_equal (term, N_DOCUMENTS_TERM))
        n = sqlite3_column_int64 (stmt, 1);
      else
        g_hash_table_insert (table, g_strdup (term),
                             GINT_TO_POINTER ((int)MIN (sqlite3_column_int64 (stmt, 1), G_MAXINT)));
    }
  sqlite3_reset (stmt);
  *doc_freq = g_steal_pointer (&table);
  *n_documents = n;
  return TRUE;
}

gboolean
sl_store_update_term_stats (SlStore     *self,
                            GHashTable  *delta,
                            gint64       n_delta,
                            GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autofree char *detail = NULL;
  GHashTableIter iter;
  gpointer key, value;

  g_return_val_if_fail (SL_IS_STORE (self), FALSE);
  g_return_val_if_fail (delta != NULL, FALSE);

  locker = g_mutex_locker_new (_sl_store_get_mutex (self));
  if (!_sl_store_begin (self, error))
    return FALSE;
  g_hash_table_iter_init (&iter, delta);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      if (GPOINTER_TO_INT (value) != 0 && !upsert_term (self, key, GPOINTER_TO_INT (value), error))
        goto failed;
    }
  if (!upsert_term (self, N_DOCUMENTS_TERM, n_delta, error) ||
      !_sl_store_exec (self, "DELETE FROM term_stats WHERE doc_freq <= 0", error))
    goto failed;
  detail = g_strdup_printf ("{\"documents\":%" G_GINT64_FORMAT ",\"terms\":%u}",
                            n_delta, g_hash_table_size (delta));
  if (!_sl_store_audit (self, "term_stats.update", "embedder", 0, detail, error) ||
      !_sl_store_commit (self, error))
    goto failed;
  return TRUE;

failed:
  _sl_store_rollback (self);
  return FALSE;
}

gboolean
sl_store_replace_term_stats (SlStore     *self,
                             GHashTable  *doc_freq,
                             gint64       n_documents,
                             GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autofree char *detail = NULL;
  GHashTableIter iter;
  gpointer key, value;

  g_return_val_if_fail (SL_IS_STORE (self), FALSE);
  g_return_val_if_fail (doc_freq != NULL, FALSE);

  locker = g_mutex_locker_new (_sl_store_get_mutex (self));
  if (!_sl_store_begin (self, error))
    return FALSE;
  if (!_sl_store_exec (self, "DELETE FROM term_stats", error))
    goto failed;
  g_hash_table_iter_init (&iter, doc_freq);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      if (!upsert_term (self, key, GPOINTER_TO_INT (value), error))
        goto failed;
    }
  if (!upsert_term (self, N_DOCUMENTS_TERM, n_documents, error))
    goto failed;
  detail = g_strdup_printf ("{\"documents\":%" G_GINT64_FORMAT ",\"terms\":%u}",
                            n_documents, g_hash_table_size (doc_freq));
  if (!_sl_store_audit (self, "term_stats.rebuild", "embedder", 0, detail, error) ||
      !_sl_store_commit (self, error))
    goto failed;
  return TRUE;

failed:
  _sl_store_rollback (self);
  return FALSE;
}

gboolean
sl_store_save_candidate_embeddings (SlStore       *self,
                                    const char    *model,
                                    guint          dimension,
                                    const gint64  *candidate_ids,
                                    const float   *vectors,
                                    gsize          n,
                                    GError       **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *detail = NULL;
  sqlite3_stmt *stmt;
  gboolean has_row;
  gint64 next_rowid;
  gint64 now = _sl_store_now ();

  g_return_val_if_fail (SL_IS_STORE (self), FALSE);
  g_return_val_if_fail (model != NULL && dimension > 0, FALSE);
  g_return_val_if_fail (n == 0 || (candidate_ids != NULL && vectors != NULL), FALSE);

  if (n == 0)
    return TRUE;

  locker = g_mutex_locker_new (_sl_store_get_mutex (self));
  if (!_sl_store_begin (self, error))
    return FALSE;

  /* Row ids only grow, even when a vector is replaced, so the fingerprint
   * (count and sum of row ids) changes with every write. */
  if (!(stmt = _sl_store_prepare (self,
                                  "SELECT coalesce (max (rowid), 0) + 1 FROM candidate_embeddings",
                                  error)) ||
      !_sl_store_step_row (self, stmt, &has_row, error))
    goto failed;
  next_rowid = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  for (gsize i = 0; i < n; i++)
    {
      if (!(stmt = _sl_store_prepare (self,
                                      "INSERT OR REPLACE INTO candidate_embeddings"
                                      " (rowid, candidate_id, model, dimension, vector, created_at)"
                                      " VALUES (?1, ?2, ?3, ?4, ?5, ?6)", error)))
        goto failed;
      sqlite3_bind_int64 (stmt, 1, next_rowid++);
      sqlite3_bind_int64 (stmt, 2, candidate_ids[i]);
      _sl_store_bind_text (stmt, 3, model);
      sqlite3_bind_int (stmt, 4, dimension);
      sqlite3_bind_blob (stmt, 5, vectors + i * dimension, dimension * sizeof (float),
                         SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 6, now);
      if (!_sl_store_step_done (self, stmt, error))
        goto failed;
    }

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "model");
  json_builder_add_string_value (builder, model);
  json_builder_set_member_name (builder, "count");
  json_builder_add_int_value (builder, n);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  detail = json_to_string (root, FALSE);
  if (!_sl_store_audit (self, "embeddings.save", "embedder", 0, detail, error) ||
      !_sl_store_commit (self, error))
    goto failed;
  return TRUE;

failed:
  _sl_store_rollback (self);
  return FALSE;
}

gboolean
sl_store_delete_candidate_embeddings (SlStore     *self,
                                      const char  *model,
                                      GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (SL_IS_STORE (self), FALSE);

  locker = g_mutex_locker_new (_sl_store_get_mutex (self));
  if (!_sl_store_begin (self, error))
    return FALSE;
  if (!(stmt = _sl_store_prepare (self,
                                  "DELETE FROM candidate_embeddings WHERE ?1 IS NULL OR model = ?1",
                                  error)))
    goto failed;
  if (model != NULL)
    _sl_store_bind_text (stmt, 1, model);
  if (!_sl_store_step_done (self, stmt, error) ||
      !_sl_store_audit (self, "embeddings.delete", "embedder", 0, NULL, error) ||
      !_sl_store_commit (self, error))
    goto failed;
  return TRUE;

failed:
  _sl_store_rollback (self);
  return FALSE;
}

gboolean
sl_store_load_candidate_embeddings (SlStore     *self,
                                    const char  *model,
                                    guint        dimension,
                                    GArray     **ids,
                                    float      **matrix,
                                    GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GArray) id_array = NULL;
  g_autofree float *vectors = NULL;
  sqlite3_stmt *stmt;
  gboolean has_row;
  gint64 count;
  gsize row = 0;

  g_return_val_if_fail (SL_IS_STORE (self), FALSE);
  g_return_val_if_fail (model != NULL && dimension > 0, FALSE);
  g_return_val_if_fail (ids != NULL && matrix != NULL, FALSE);

  locker = g_mutex_locker_new (_sl_store_get_mutex (self));
  /* One read transaction, so the count and the rows agree. */
  if (!_sl_store_exec (self, "BEGIN", error))
    return FALSE;
  if (!(stmt = _sl_store_prepare (self,
                                  "SELECT count(*) FROM candidate_embeddings WHERE model = ?1", error)))
    goto failed;
  _sl_store_bind_text (stmt, 1, model);
  if (!_sl_store_step_row (self, stmt, &has_row, error))
    goto failed;
  count = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  id_array = g_array_sized_new (FALSE, FALSE, sizeof (gint64), count);
  vectors = g_new (float, MAX (count, 1) * (gsize)dimension);
  if (!(stmt = _sl_store_prepare (self,
                                  "SELECT candidate_id, dimension, vector FROM candidate_embeddings"
                                  " WHERE model = ?1", error)))
    goto failed;
  _sl_store_bind_text (stmt, 1, model);
  while (TRUE)
    {
      gint64 id;

      if (!_sl_store_step_row (self, stmt, &has_row, error))
        goto failed;
      if (!has_row)
        break;
      if ((guint)sqlite3_column_int (stmt, 1) != dimension ||
          sqlite3_column_bytes (stmt, 2) != (int)(dimension * sizeof (float)) ||
          (gint64)row >= count)
        {
          sqlite3_reset (stmt);
          g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_CORRUPT,
                       _("A stored vector of model “%s” has the wrong size"), model);
          goto failed;
        }
      id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (id_array, id);
      memcpy (vectors + row * dimension, sqlite3_column_blob (stmt, 2), dimension * sizeof (float));
      row++;
    }
  sqlite3_reset (stmt);
  _sl_store_exec (self, "COMMIT", NULL);

  *ids = g_steal_pointer (&id_array);
  *matrix = g_steal_pointer (&vectors);
  return TRUE;

failed:
  _sl_store_exec (self, "ROLLBACK", NULL);
  return FALSE;
}

gboolean
sl_store_get_embeddings_fingerprint (SlStore     *self,
                                     const char  *model,
                                     guint64     *fingerprint,
                                     gint64      *count,
                                     GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  sqlite3_stmt *stmt;
  gboolean has_row;
  guint64 n, sum, generation;
  const guchar *uuid;
  int uuid_len;

  g_return_val_if_fail (SL_IS_STORE (self), FALSE);
  g_return_val_if_fail (model != NULL, FALSE);

  locker = g_mutex_locker_new (_sl_store_get_mutex (self));
  /* The aggregates are answered from the model index alone. */
  if (!(stmt = _sl_store_prepare (self,
                                  "SELECT count(*), coalesce (sum (rowid), 0),"
                                  " (SELECT generation FROM embedding_generations WHERE model = ?1),"
                                  " (SELECT uuid FROM store_identity WHERE id = 1)"
                                  " FROM candidate_embeddings WHERE model = ?1", error)))
    return FALSE;
  _sl_store_bind_text (stmt, 1, model);
  if (!_sl_store_step_row (self, stmt, &has_row, error))
    return FALSE;
  n = sqlite3_column_int64 (stmt, 0);
  sum = sqlite3_column_int64 (stmt, 1);
  generation = sqlite3_column_int64 (stmt, 2);
  uuid = sqlite3_column_blob (stmt, 3);
  uuid_len = sqlite3_column_bytes (stmt, 3);

  if (fingerprint != NULL)
    {
      /* Count, rowids, the model's write generation and the database's
       * identity: a cache made for other vectors or another file never
       * matches (short of a 64-bit collision). */
      g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
      guint64 parts[3] = { GUINT64_TO_LE (n), GUINT64_TO_LE (sum), GUINT64_TO_LE (generation) };
      guint8 digest[32];
      gsize digest_len = sizeof digest;

      g_checksum_update (checksum, (const guchar *)parts, sizeof parts);
      if (uuid != NULL)
        g_checksum_update (checksum, uuid, uuid_len);
      g_checksum_update (checksum, (const guchar *)model, strlen (model));
      g_checksum_get_digest (checksum, digest, &digest_len);
      memcpy (fingerprint, digest, sizeof *fingerprint);
    }
  sqlite3_reset (stmt);
  if (count != NULL)
    *count = n;
  return TRUE;
}

static gboolean
list_ids_and_texts (SlStore     *self,
                    const char  *sql,
                    const char  *model,
                    guint        limit,
                    GArray     **ids,
                    GPtrArray  **texts,
                    GError     **error)
{
  g_autoptr(GArray) id_array = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) text_array = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;
  gboolean has_row;

  if (!(stmt = _sl_store_prepare (self, sql, error)))
    return FALSE;
  if (model != NULL)
    _sl_store_bind_text (stmt, 1, model);
  sqlite3_bind_int64 (stmt, 2, limit > 0 ? (gint64)limit : -1);
  while (TRUE)
    {
      gint64 id;

      if (!_sl_store_step_row (self, stmt, &has_row, error))
        return FALSE;
      if (!has_row)
        break;
      id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (id_array, id);
      g_ptr_array_add (text_array, g_strdup (_sl_store_column_text (stmt, 1)));
    }
  sqlite3_reset (stmt);
  *ids = g_steal_pointer (&id_array);
  *texts = g_steal_pointer (&text_array);
  return TRUE;
}

/* The text a candidate is embedded and searched by: headline, then resume. */
#define CANDIDATE_TEXT_SQL "c.headline || char(10) || c.text"

gboolean
sl_store_list_unembedded (SlStore     *self,
                          const char  *model,
                          guint        limit,
                          GArray     **ids,
                          GPtrArray  **texts,
                          GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (SL_IS_STORE (self), FALSE);
  g_return_val_if_fail (model != NULL && ids != NULL && texts != NULL, FALSE);

  locker = g_mutex_locker_new (_sl_store_get_mutex (self));
  return list_ids_and_texts (self,
                             "SELECT c.id, " CANDIDATE_TEXT_SQL " FROM candidates c"
                             " WHERE NOT EXISTS (SELECT 1 FROM candidate_embeddings e"
                             "                   WHERE e.candidate_id = c.id AND e.model = ?1)"
                             " ORDER BY c.id LIMIT ?2",
                             model, limit, ids, texts, error);
}

gboolean
sl_store_list_candidate_texts (SlStore     *self,
                               GArray     **ids,
                               GPtrArray  **texts,
                               GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (SL_IS_STORE (self), FALSE);
  g_return_val_if_fail (ids != NULL && texts != NULL, FALSE);

  locker = g_mutex_locker_new (_sl_store_get_mutex (self));
  return list_ids_and_texts (self,
                             "SELECT c.id, " CANDIDATE_TEXT_SQL " FROM candidates c"
                             " WHERE ?1 IS NULL ORDER BY c.id LIMIT ?2",
                             NULL, 0, ids, texts, error);
}

gint64
sl_store_count_candidates (SlStore  *self,
                           GError  **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  sqlite3_stmt *stmt;
  gboolean has_row;
  gint64 n;

  g_return_val_if_fail (SL_IS_STORE (self), -1);

  locker = g_mutex_locker_new (_sl_store_get_mutex (self));
  if (!(stmt = _sl_store_prepare (self, "SELECT count(*) FROM candidates", error)) ||
      !_sl_store_step_row (self, stmt, &has_row, error))
    return -1;
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}

gboolean
sl_store_search_keywords (SlStore     *self,
                          const char  *fts_query,
                          guint        limit,
                          GArray     **ids,
                          GArray     **scores,
                          GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GArray) id_array = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) score_array = g_array_new (FALSE, FALSE, sizeof (double));
  sqlite3_stmt *stmt;
  gboolean has_row;

  g_return_val_if_fail (SL_IS_STORE (self), FALSE);
  g_return_val_if_fail (fts_query != NULL && ids != NULL && scores != NULL, FALSE);

  locker = g_mutex_locker_new (_sl_store_get_mutex (self));
  /* bm25 () is negative, better is smaller; the headline weighs double. */
  if (!(stmt = _sl_store_prepare (self,
                                  "SELECT rowid, -bm25 (candidates_fts, 1.0, 2.0, 1.0) FROM candidates_fts"
                                  " WHERE candidates_fts MATCH ?1"
                                  " ORDER BY bm25 (candidates_fts, 1.0, 2.0, 1.0) LIMIT ?2", error)))
    return FALSE;
  _sl_store_bind_text (stmt, 1, fts_query);
  sqlite3_bind_int64 (stmt, 2, limit);
  while (TRUE)
    {
      gint64 id;
      double score;

      if (!_sl_store_step_row (self, stmt, &has_row, error))
        {
          g_prefix_error (error, _("Keyword search failed: "));
          return FALSE;
        }
      if (!has_row)
        break;
      id = sqlite3_column_int64 (stmt, 0);
      score = sqlite3_column_double (stmt, 1);
      g_array_append_val (id_array, id);
      g_array_append_val (score_array, score);
    }
  sqlite3_reset (stmt);
  *ids = g_steal_pointer (&id_array);
  *scores = g_steal_pointer (&score_array);
  return TRUE;
}

static void
candidate_meta_clear (gpointer data)
{
  SlCandidateMeta *meta = data;

  g_clear_pointer (&meta->location, g_free);
  g_clear_pointer (&meta->skill_ids, g_array_unref);
  g_clear_pointer (&meta->job_ids, g_array_unref);
}

GArray *
sl_store_list_candidate_meta (SlStore  *self,
                              GError  **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GArray) metas = g_array_new (FALSE, TRUE, sizeof (SlCandidateMeta));
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  sqlite3_stmt *stmt;
  gboolean has_row;

  g_return_val_if_fail (SL_IS_STORE (self), NULL);

  g_array_set_clear_func (metas, candidate_meta_clear);
  locker = g_mutex_locker_new (_sl_store_get_mutex (self));
  if (!_sl_store_exec (self, "BEGIN", error))
    return NULL;
  if (!(stmt = _sl_store_prepare (self,
                                  "SELECT id, years_experience, education_level, imported_at, location"
                                  " FROM candidates ORDER BY id", error)))
    goto failed;
  while (TRUE)
    {
      SlCandidateMeta meta = { 0, };

      if (!_sl_store_step_row (self, stmt, &has_row, error))
        goto failed;
      if (!has_row)
        break;
      meta.id = sqlite3_column_int64 (stmt, 0);
      meta.years_experience = sqlite3_column_double (stmt, 1);
      meta.education_level = sqlite3_column_int (stmt, 2);
      meta.imported_at = sqlite3_column_int64 (stmt, 3);
      meta.location = g_strdup (_sl_store_column_text (stmt, 4));
      meta.skill_ids = g_array_new (FALSE, FALSE, sizeof (guint32));
      meta.job_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_array_append_val (metas, meta);
    }
  sqlite3_reset (stmt);
  /* The array no longer grows: pointers into it are stable from here. */
  for (guint i = 0; i < metas->len; i++)
    {
      SlCandidateMeta *meta = &g_array_index (metas, SlCandidateMeta, i);

      g_hash_table_insert (by_id, &meta->id, meta);
    }

  if (!(stmt = _sl_store_prepare (self, "SELECT candidate_id, skill_id FROM candidate_skills",
                                  error)))
    goto failed;
  while (TRUE)
    {
      SlCandidateMeta *meta;
      gint64 id;
      guint32 skill;

      if (!_sl_store_step_row (self, stmt, &has_row, error))
        goto failed;
      if (!has_row)
        break;
      id = sqlite3_column_int64 (stmt, 0);
      skill = (guint32)sqlite3_column_int64 (stmt, 1);
      if ((meta = g_hash_table_lookup (by_id, &id)) != NULL)
        g_array_append_val (meta->skill_ids, skill);
    }
  sqlite3_reset (stmt);

  if (!(stmt = _sl_store_prepare (self, "SELECT candidate_id, job_id FROM applications", error)))
    goto failed;
  while (TRUE)
    {
      SlCandidateMeta *meta;
      gint64 id;
      gint64 job;

      if (!_sl_store_step_row (self, stmt, &has_row, error))
        goto failed;
      if (!has_row)
        break;
      id = sqlite3_column_int64 (stmt, 0);
      job = sqlite3_column_int64 (stmt, 1);
      if ((meta = g_hash_table_lookup (by_id, &id)) != NULL)
        g_array_append_val (meta->job_ids, job);
    }
  sqlite3_reset (stmt);
  _sl_store_exec (self, "COMMIT", NULL);
  return g_steal_pointer (&metas);

failed:
  _sl_store_exec (self, "ROLLBACK", NULL);
  return NULL;
}

gboolean
sl_store_lookup_skill (SlStore     *self,
                       const char  *name,
                       gint64      *skill_id,
                       GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  sqlite3_stmt *stmt;
  gboolean has_row;

  g_return_val_if_fail (SL_IS_STORE (self), FALSE);
  g_return_val_if_fail (name != NULL && skill_id != NULL, FALSE);

  locker = g_mutex_locker_new (_sl_store_get_mutex (self));
  /* Both columns compare without case (COLLATE NOCASE in the schema). */
  if (!(stmt = _sl_store_prepare (self,
                                  "SELECT id FROM skills WHERE name = ?1"
                                  " UNION ALL SELECT skill_id FROM skill_aliases WHERE alias = ?1"
                                  " LIMIT 1", error)))
    return FALSE;
  _sl_store_bind_text (stmt, 1, name);
  if (!_sl_store_step_row (self, stmt, &has_row, error))
    return FALSE;
  *skill_id = has_row ? sqlite3_column_int64 (stmt, 0) : 0;
  sqlite3_reset (stmt);
  return TRUE;
}

GHashTable *
sl_store_get_candidate_names (SlStore       *self,
                              const gint64  *ids,
                              guint          n,
                              GError       **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);

  g_return_val_if_fail (SL_IS_STORE (self), NULL);
  g_return_val_if_fail (n == 0 || ids != NULL, NULL);

  locker = g_mutex_locker_new (_sl_store_get_mutex (self));
  for (guint i = 0; i < n; i++)
    {
      sqlite3_stmt *stmt;
      gboolean has_row;

      if (!(stmt = _sl_store_prepare (self, "SELECT name FROM candidates WHERE id = ?1", error)))
        return NULL;
      sqlite3_bind_int64 (stmt, 1, ids[i]);
      if (!_sl_store_step_row (self, stmt, &has_row, error))
        return NULL;
      if (has_row)
        g_hash_table_insert (names, g_memdup2 (&ids[i], sizeof (gint64)),
                             g_strdup (_sl_store_column_text (stmt, 0)));
      sqlite3_reset (stmt);
    }
  return g_steal_pointer (&names);
}

void
sl_stored_screening_free (SlStoredScreening *screening)
{
  if (screening == NULL)
    return;
  g_free (screening->name);
  g_free (screening->email);
  g_free (screening->headline);
  g_free (screening->decision);
  g_free (screening->embedder);
  g_free (screening->explanation_json);
  g_free (screening);
}

GPtrArray *
sl_store_list_job_screenings (SlStore  *self,
                              gint64    job_id,
                              GError  **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GPtrArray) screenings = NULL;
  sqlite3_stmt *stmt;
  gboolean has_row;

  g_return_val_if_fail (SL_IS_STORE (self), NULL);

  locker = g_mutex_locker_new (_sl_store_get_mutex (self));
  if (!(stmt = _sl_store_prepare (self,
                                  "SELECT s.id, s.candidate_id, c.name, c.headline,"
                                  " (SELECT value FROM candidate_contacts"
                                  "  WHERE candidate_id = c.id AND kind = 'email'"
                                  "  ORDER BY position LIMIT 1),"
                                  " s.score, s.similarity, s.skill_coverage, s.mandatory_coverage,"
                                  " s.preferred_coverage, s.experience_fit, s.education_fit,"
                                  " s.classifier, s.decision, s.threshold, coalesce (s.model_id, 0),"
                                  " s.embedder, s.explanation, s.created_at"
                                  " FROM screenings s JOIN candidates c ON c.id = s.candidate_id"
                                  " WHERE s.job_id = ?1 AND "
                                  SL_STORE_SCREENING_IS_CURRENT ("s", "?1")
                                  " ORDER BY s.score DESC, s.candidate_id", error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, job_id);

  screenings = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_stored_screening_free);
  for (;;)
    {
      SlStoredScreening *screening;

      if (!_sl_store_step_row (self, stmt, &has_row, error))
        return NULL;
      if (!has_row)
        break;
      screening = g_new0 (SlStoredScreening, 1);
      screening->id = sqlite3_column_int64 (stmt, 0);
      screening->candidate_id = sqlite3_column_int64 (stmt, 1);
      screening->name = g_strdup (_sl_store_column_text (stmt, 2));
      screening->headline = g_strdup (_sl_store_column_text (stmt, 3));
      if (sqlite3_column_type (stmt, 4) != SQLITE_NULL)
        screening->email = g_strdup (_sl_store_column_text (stmt, 4));
      screening->score = sqlite3_column_double (stmt, 5);
      screening->similarity = sqlite3_column_double (stmt, 6);
      screening->skill_coverage = sqlite3_column_double (stmt, 7);
      screening->mandatory_coverage = sqlite3_column_double (stmt, 8);
      screening->preferred_coverage = sqlite3_column_double (stmt, 9);
      screening->experience_fit = sqlite3_column_double (stmt, 10);
      screening->education_fit = sqlite3_column_double (stmt, 11);
      screening->classifier = sqlite3_column_type (stmt, 12) == SQLITE_NULL
                                ? NAN : sqlite3_column_double (stmt, 12);
      screening->decision = g_strdup (_sl_store_column_text (stmt, 13));
      screening->threshold = sqlite3_column_double (stmt, 14);
      screening->model_id = sqlite3_column_int64 (stmt, 15);
      screening->embedder = g_strdup (_sl_store_column_text (stmt, 16));
      screening->explanation_json = g_strdup (_sl_store_column_text (stmt, 17));
      screening->created_at = sqlite3_column_int64 (stmt, 18);
      g_ptr_array_add (screenings, screening);
    }
  sqlite3_reset (stmt);
  return g_steal_pointer (&screenings);
}
