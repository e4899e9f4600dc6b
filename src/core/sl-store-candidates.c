#define G_LOG_DOMAIN "sl-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sl-store-private.h"

static gboolean
insert_values (SlStore            *self,
               const char         *sql,
               gint64              candidate_id,
               const char         *kind,
               const char * const *values,
               GError            **error)
{
  sqlite3_stmt *stmt;

  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    {
      if (values[i][0] == '\0')
        continue;
      if (!(stmt = _sl_store_prepare (self, sql, error)))
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, candidate_id);
      _sl_store_bind_text (stmt, 2, kind);
      _sl_store_bind_text (stmt, 3, values[i]);
      sqlite3_bind_int (stmt, 4, i);
      if (!_sl_store_step_done (self, stmt, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
insert_skills (SlStore            *self,
               gint64              candidate_id,
               const char * const *skills,
               GError            **error)
{
  for (guint i = 0; skills != NULL && skills[i] != NULL; i++)
    {
      g_autofree char *name = g_strstrip (g_strdup (skills[i]));
      sqlite3_stmt *stmt;

      if (name[0] == '\0')
        continue;
      if (!(stmt = _sl_store_prepare (self,
                                      "INSERT INTO skills (name) VALUES (?1)"
                                      " ON CONFLICT (name) DO NOTHING", error)))
        return FALSE;
      _sl_store_bind_text (stmt, 1, name);
      if (!_sl_store_step_done (self, stmt, error))
        return FALSE;

      if (!(stmt = _sl_store_prepare (self,
                                      "INSERT OR IGNORE INTO candidate_skills (candidate_id, skill_id)"
                                      " SELECT ?1, id FROM skills WHERE name = ?2", error)))
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, candidate_id);
      _sl_store_bind_text (stmt, 2, name);
      if (!_sl_store_step_done (self, stmt, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
sl_store_add_candidate (SlStore      *self,
                        SlCandidate  *candidate,
                        GError      **error)
{
  static const char *contact_sql =
    "INSERT OR IGNORE INTO candidate_contacts (candidate_id, kind, value, position)"
    " VALUES (?1, ?2, ?3, ?4)";
  static const char *fact_sql =
    "INSERT OR IGNORE INTO candidate_facts (candidate_id, kind, value) VALUES (?1, ?2, ?3)";
  g_autoptr(GMutexLocker) locker = NULL;
  sqlite3_stmt *stmt;
  gint64 now = _sl_store_now ();
  gint64 imported_at;
  gint64 id;

  g_return_val_if_fail (SL_IS_STORE (self), FALSE);
  g_return_val_if_fail (SL_IS_CANDIDATE (candidate), FALSE);

  imported_at = sl_candidate_get_imported_at (candidate);
  if (imported_at <= 0)
    imported_at = now;

  locker = g_mutex_locker_new (_sl_store_get_mutex (self));
  if (!_sl_store_begin (self, error))
    return FALSE;

  if (!(stmt = _sl_store_prepare (self,
                                  "INSERT INTO candidates (name, headline, location, years_experience,"
                                  " education_level, text, imported_at, updated_at)"
                                  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", error)))
    goto failed;
  _sl_store_bind_text (stmt, 1, sl_candidate_get_name (candidate));
  _sl_store_bind_text (stmt, 2, sl_candidate_get_headline (candidate));
  _sl_store_bind_text (stmt, 3, sl_candidate_get_location (candidate));
  sqlite3_bind_double (stmt, 4, sl_candidate_get_years_experience (candidate));
  sqlite3_bind_int (stmt, 5, sl_candidate_get_education_level (candidate));
  _sl_store_bind_text (stmt, 6, sl_candidate_get_text (candidate));
  sqlite3_bind_int64 (stmt, 7, imported_at);
  sqlite3_bind_int64 (stmt, 8, now);
  if (!_sl_store_step_done (self, stmt, error))
    goto failed;
  id = sqlite3_last_insert_rowid (_sl_store_get_db (self));

  if (!insert_values (self, contact_sql, id, "email", sl_candidate_get_emails (candidate), error) ||
      !insert_values (self, contact_sql, id, "phone", sl_candidate_get_phones (candidate), error) ||
      !insert_values (self, contact_sql, id, "link", sl_candidate_get_links (candidate), error) ||
      !insert_values (self, fact_sql, id, "certification",
                      sl_candidate_get_certifications (candidate), error) ||
      !insert_values (self, fact_sql, id, "language", sl_candidate_get_languages (candidate), error) ||
      !insert_skills (self, id, sl_candidate_get_skills (candidate), error))
    goto failed;

  /* The audit row says that a candidate arrived, never who: no personal data in the log. */
  if (!_sl_store_audit (self, "candidate.add", "candidate", id, NULL, error) ||
      !_sl_store_commit (self, error))
    goto failed;

  sl_candidate_set_id (candidate, id);
  sl_candidate_set_imported_at (candidate, imported_at);
  _sl_store_queue_changed (self, SL_STORE_CHANGED_CANDIDATES);
  return TRUE;

failed:
  _sl_store_rollback (self);
  return FALSE;
}

static GStrv
load_values (SlStore     *self,
             const char  *sql,
             gint64       candidate_id,
             const char  *kind,
             GError     **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  sqlite3_stmt *stmt;
  gboolean has_row;

  if (!(stmt = _sl_store_prepare (self, sql, error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, candidate_id);
  if (kind != NULL)
    _sl_store_bind_text (stmt, 2, kind);
  while (TRUE)
    {
      if (!_sl_store_step_row (self, stmt, &has_row, error))
        return NULL;
      if (!has_row)
        break;
      g_strv_builder_add (builder, _sl_store_column_text (stmt, 0));
    }
  sqlite3_reset (stmt);
  return g_strv_builder_end (builder);
}

SlCandidate *
sl_store_get_candidate (SlStore  *self,
                        gint64    candidate_id,
                        GError  **error)
{
  static const char *contact_sql =
    "SELECT value FROM candidate_contacts WHERE candidate_id = ?1 AND kind = ?2 ORDER BY position";
  static const char *fact_sql =
    "SELECT value FROM candidate_facts WHERE candidate_id = ?1 AND kind = ?2 ORDER BY value";
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(SlCandidate) candidate = NULL;
  g_auto(GStrv) skills = NULL;
  g_auto(GStrv) emails = NULL;
  g_auto(GStrv) phones = NULL;
  g_auto(GStrv) links = NULL;
  g_auto(GStrv) certifications = NULL;
  g_auto(GStrv) languages = NULL;
  sqlite3_stmt *stmt;
  gboolean has_row;

  g_return_val_if_fail (SL_IS_STORE (self), NULL);

  locker = g_mutex_locker_new (_sl_store_get_mutex (self));
  if (!(stmt = _sl_store_prepare (self,
                                  "SELECT id, name, headline, location, years_experience,"
                                  " education_level, text, imported_at FROM candidates WHERE id = ?1",
                                  error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, candidate_id);
  if (!_sl_store_step_row (self, stmt, &has_row, error))
    return NULL;
  if (!has_row)
    {
      g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_NOT_FOUND,
                   _("There is no candidate with the number %lld"), (long long) candidate_id);
      return NULL;
    }
  candidate = sl_candidate_new (_sl_store_column_text (stmt, 1));
  sl_candidate_set_id (candidate, sqlite3_column_int64 (stmt, 0));
  sl_candidate_set_headline (candidate, _sl_store_column_text (stmt, 2));
  sl_candidate_set_location (candidate, _sl_store_column_text (stmt, 3));
  sl_candidate_set_years_experience (candidate, sqlite3_column_double (stmt, 4));
  sl_candidate_set_education_level (candidate, CLAMP (sqlite3_column_int (stmt, 5), 0, 5));
  sl_candidate_set_text (candidate, _sl_store_column_text (stmt, 6));
  sl_candidate_set_imported_at (candidate, sqlite3_column_int64 (stmt, 7));
  sqlite3_reset (stmt);

  if (!(skills = load_values (self,
                              "SELECT s.name FROM candidate_skills cs JOIN skills s ON s.id = cs.skill_id"
                              " WHERE cs.candidate_id = ?1 ORDER BY s.name COLLATE NOCASE",
                              candidate_id, NULL, error)) ||
      !(emails = load_values (self, contact_sql, candidate_id, "email", error)) ||
      !(phones = load_values (self, contact_sql, candidate_id, "phone", error)) ||
      !(links = load_values (self, contact_sql, candidate_id, "link", error)) ||
      !(certifications = load_values (self, fact_sql, candidate_id, "certification", error)) ||
      !(languages = load_values (self, fact_sql, candidate_id, "language", error)))
    return NULL;

  sl_candidate_set_skills (candidate, (const char * const *)skills);
  sl_candidate_set_emails (candidate, (const char * const *)emails);
  sl_candidate_set_phones (candidate, (const char * const *)phones);
  sl_candidate_set_links (candidate, (const char * const *)links);
  sl_candidate_set_certifications (candidate, (const char * const *)certifications);
  sl_candidate_set_languages (candidate, (const char * const *)languages);

  return g_steal_pointer (&candidate);
}

GPtrArray *
sl_store_list_candidates (SlStore  *self,
                          GError  **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GPtrArray) candidates = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt;
  gboolean has_row;

  g_return_val_if_fail (SL_IS_STORE (self), NULL);

  locker = g_mutex_locker_new (_sl_store_get_mutex (self));
  if (!(stmt = _sl_store_prepare (self,
                                  "SELECT c.id, c.name, c.headline, c.location, c.years_experience,"
                                  " c.education_level, c.imported_at,"
                                  " (SELECT count(*) FROM candidate_skills cs WHERE cs.candidate_id = c.id)"
                                  " FROM candidates c ORDER BY c.imported_at DESC, c.id DESC", error)))
    return NULL;
  while (TRUE)
    {
      SlCandidate *candidate;

      if (!_sl_store_step_row (self, stmt, &has_row, error))
        return NULL;
      if (!has_row)
        break;
      candidate = sl_candidate_new (_sl_store_column_text (stmt, 1));
      sl_candidate_set_id (candidate, sqlite3_column_int64 (stmt, 0));
      sl_candidate_set_headline (candidate, _sl_store_column_text (stmt, 2));
      sl_candidate_set_location (candidate, _sl_store_column_text (stmt, 3));
      sl_candidate_set_years_experience (candidate, sqlite3_column_double (stmt, 4));
      sl_candidate_set_education_level (candidate, CLAMP (sqlite3_column_int (stmt, 5), 0, 5));
      sl_candidate_set_imported_at (candidate, sqlite3_column_int64 (stmt, 6));
      sl_candidate_set_skills_count (candidate, sqlite3_column_int (stmt, 7));
      g_ptr_array_add (candidates, candidate);
    }
  sqlite3_reset (stmt);
  return g_steal_pointer (&candidates);
}

static void
list_candidates_worker (GTask        *task,
                        gpointer      source_object,
                        gpointer      task_data,
                        GCancellable *cancellable)
{
  g_autoptr(GPtrArray) candidates = NULL;
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;

  if (!(candidates = sl_store_list_candidates (source_object, &error)))
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_steal_pointer (&candidates), (GDestroyNotify)g_ptr_array_unref);
}

void
sl_store_list_candidates_async (SlStore             *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SL_IS_STORE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sl_store_list_candidates_async);
  g_task_run_in_thread (task, list_candidates_worker);
}

GPtrArray *
sl_store_list_candidates_finish (SlStore       *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
