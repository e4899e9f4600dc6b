#define G_LOG_DOMAIN "sl-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sl-store-import.h"
#include "sl-store-private.h"

/* Phone numbers shorter than this are too likely to match by chance. */
#define MIN_PHONE_DIGITS 7

const char *
sl_duplicate_reason_to_string (SlDuplicateReason reason)
{
  switch (reason)
    {
    case SL_DUPLICATE_FILE:
      return "file";
    case SL_DUPLICATE_TEXT:
      return "text";
    case SL_DUPLICATE_EMAIL:
      return "email";
    case SL_DUPLICATE_PHONE:
      return "phone";
    case SL_DUPLICATE_NONE:
    default:
      return NULL;
    }
}

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node;

  if (object == NULL || !(node = json_object_get_member (object, name)) ||
      !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static JsonArray *
member_array (JsonObject *object,
              const char *name)
{
  JsonNode *node;

  if (object == NULL || !(node = json_object_get_member (object, name)) || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;
  return json_node_get_array (node);
}

static const char *
array_string (JsonArray *array,
              guint      i)
{
  JsonNode *node = json_array_get_element (array, i);

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
is_month (const char *text)
{
  return text != NULL && strlen (text) == 7 &&
         g_ascii_isdigit (text[0]) && g_ascii_isdigit (text[1]) &&
         g_ascii_isdigit (text[2]) && g_ascii_isdigit (text[3]) && text[4] == '-' &&
         (text[5] == '0' || text[5] == '1') && g_ascii_isdigit (text[6]);
}

static gboolean
lookup_id2 (SlStore     *self,
            const char  *sql,
            const char  *value,
            const char  *value2,
            gint64      *id,
            GError     **error)
{
  sqlite3_stmt *stmt;
  gboolean has_row;

  *id = 0;
  if (!(stmt = _sl_store_prepare (self, sql, error)))
    return FALSE;
  _sl_store_bind_text (stmt, 1, value);
  if (value2 != NULL)
    _sl_store_bind_text (stmt, 2, value2);
  if (!_sl_store_step_row (self, stmt, &has_row, error))
    return FALSE;
  if (has_row)
    *id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return TRUE;
}

static gboolean
lookup_id (SlStore     *self,
           const char  *sql,
           const char  *value,
           gint64      *id,
           GError     **error)
{
  return lookup_id2 (self, sql, value, NULL, id, error);
}

static const char *find_document_sql =
  "SELECT c.id FROM candidates c JOIN documents d ON d.id = c.document_id"
  " WHERE d.sha256 = ?1 ORDER BY c.id LIMIT 1";

gboolean
sl_store_import_find_by_document (SlStore     *self,
                                  const char  *sha256,
                                  gint64      *candidate_id,
                                  GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (SL_IS_STORE (self), FALSE);
  g_return_val_if_fail (sha256 != NULL, FALSE);

  locker = g_mutex_locker_new (_sl_store_get_mutex (self));
  return lookup_id (self, find_document_sql, sha256, candidate_id, error);
}

gboolean
sl_store_import_has_document (SlStore     *self,
                              const char  *sha256,
                              gboolean    *exists,
                              GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  gint64 id = 0;

  g_return_val_if_fail (SL_IS_STORE (self), FALSE);

  locker = g_mutex_locker_new (_sl_store_get_mutex (self));
  if (!lookup_id (self, "SELECT id FROM documents WHERE sha256 = ?1", sha256, &id, error))
    return FALSE;
  *exists = id > 0;
  return TRUE;
}

static gboolean
find_duplicate (SlStore               *self,
                const SlImportRecord  *record,
                JsonObject            *profile,
                gint64                *candidate_id,
                SlDuplicateReason     *reason,
                GError               **error)
{
  JsonArray *emails = member_array (profile, "emails");
  JsonArray *phones = member_array (profile, "phones");
  g_autofree char *name = NULL;

  *reason = SL_DUPLICATE_NONE;
  name = g_strstrip (g_strdup (profile != NULL ? json_object_get_string_member_with_default (profile, "name", "") : ""));

  if (!lookup_id (self, find_document_sql, record->sha256, candidate_id, error))
    return FALSE;
  if (*candidate_id > 0)
    {
      *reason = SL_DUPLICATE_FILE;
      return TRUE;
    }

  if (record->text_sha256 != NULL)
    {
      if (!lookup_id (self, "SELECT id FROM candidates WHERE text_sha256 = ?1 ORDER BY id LIMIT 1",
                      record->text_sha256, candidate_id, error))
        return FALSE;
      if (*candidate_id > 0)
        {
          *reason = SL_DUPLICATE_TEXT;
          return TRUE;
        }
    }

  for (guint i = 0; emails != NULL && i < json_array_get_length (emails); i++)
    {
      g_autofree char *email = NULL;
      const char *value = array_string (emails, i);

      if (value == NULL || strchr (value, '@') == NULL)
        continue;
      email = g_utf8_strdown (value, -1);
      if (!lookup_id (self,
                      "SELECT candidate_id FROM candidate_contacts WHERE kind = 'email' AND value = ?1"
                      " ORDER BY candidate_id LIMIT 1", email, candidate_id, error))
        return FALSE;
      if (*candidate_id > 0)
        {
          *reason = SL_DUPLICATE_EMAIL;
          return TRUE;
        }
    }

  for (guint i = 0; phones != NULL && i < json_array_get_length (phones); i++)
    {
      const char *value = array_string (phones, i);
      guint digits = 0;

      for (const char *p = value; p != NULL && *p != '\0'; p++)
        digits += g_ascii_isdigit (*p) ? 1 : 0;
      if (digits < MIN_PHONE_DIGITS)
        continue;
      /* Switchboards, agencies and templates share numbers: a phone alone
       * names the same person only when the names do not disagree. */
      if (!lookup_id2 (self,
                       "SELECT cc.candidate_id FROM candidate_contacts cc"
                       " JOIN candidates c ON c.id = cc.candidate_id"
                       " WHERE cc.kind = 'phone' AND cc.value = ?1"
                       " AND (c.name = '' OR ?2 = '' OR lower (c.name) = lower (?2))"
                       " ORDER BY cc.candidate_id LIMIT 1", value, name, candidate_id, error))
        return FALSE;
      if (*candidate_id > 0)
        {
          *reason = SL_DUPLICATE_PHONE;
          return TRUE;
        }
    }

  *candidate_id = 0;
  return TRUE;
}

static gboolean
link_application (SlStore  *self,
                  gint64    job_id,
                  gint64    candidate_id,
                  GError  **error)
{
  sqlite3_stmt *stmt;

  if (!(stmt = _sl_store_prepare (self,
                                  "INSERT OR IGNORE INTO applications (job_id, candidate_id, applied_at)"
                                  " VALUES (?1, ?2, ?3)", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, job_id);
  sqlite3_bind_int64 (stmt, 2, candidate_id);
  sqlite3_bind_int64 (stmt, 3, _sl_store_now ());
  return _sl_store_step_done (self, stmt, error);
}

static gboolean
check_job (SlStore  *self,
           gint64    job_id,
           GError  **error)
{
  sqlite3_stmt *stmt;
  gboolean has_row;

  if (!(stmt = _sl_store_prepare (self, "SELECT 1 FROM jobs WHERE id = ?1", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, job_id);
  if (!_sl_store_step_row (self, stmt, &has_row, error))
    return FALSE;
  sqlite3_reset (stmt);
  if (!has_row)
    {
      g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_NOT_FOUND,
                   _("There is no job with the number %" G_GINT64_FORMAT), job_id);
      return FALSE;
    }
  return TRUE;
}

gboolean
sl_store_import_link_application (SlStore  *self,
                                  gint64    job_id,
                                  gint64    candidate_id,
                                  GError  **error)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (SL_IS_STORE (self), FALSE);

  locker = g_mutex_locker_new (_sl_store_get_mutex (self));
  if (!_sl_store_begin (self, error))
    return FALSE;
  if (!check_job (self, job_id, error) ||
      !link_application (self, job_id, candidate_id, error) ||
      !_sl_store_audit (self, "application.add", "candidate", candidate_id, NULL, error) ||
      !_sl_store_commit (self, error))
    {
      _sl_store_rollback (self);
      return FALSE;
    }
  _sl_store_queue_changed (self, SL_STORE_CHANGED_CANDIDATES);
  return TRUE;
}

GArray *
sl_store_import_list_applications (SlStore  *self,
                                   gint64    job_id,
                                   GError  **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt;
  gboolean has_row;

  g_return_val_if_fail (SL_IS_STORE (self), NULL);

  locker = g_mutex_locker_new (_sl_store_get_mutex (self));
  if (!(stmt = _sl_store_prepare (self,
                                  "SELECT candidate_id FROM applications WHERE job_id = ?1"
                                  " ORDER BY applied_at, candidate_id", error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, job_id);
  while (TRUE)
    {
      gint64 id;

      if (!_sl_store_step_row (self, stmt, &has_row, error))
        return NULL;
      if (!has_row)
        break;
      id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  sqlite3_reset (stmt);
  return g_steal_pointer (&ids);
}

static gboolean
insert_strings (SlStore     *self,
                const char  *sql,
                gint64       candidate_id,
                const char  *kind,
                JsonArray   *values,
                gboolean     lower,
                GError     **error)
{
  for (guint i = 0; values != NULL && i < json_array_get_length (values); i++)
    {
      const char *value = array_string (values, i);
      g_autofree char *clean = NULL;
      sqlite3_stmt *stmt;

      if (value == NULL || !g_utf8_validate (value, -1, NULL))
        continue;
      clean = lower ? g_utf8_strdown (value, -1) : g_strdup (value);
      g_strstrip (clean);
      if (clean[0] == '\0')
        continue;
      if (!(stmt = _sl_store_prepare (self, sql, error)))
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, candidate_id);
      _sl_store_bind_text (stmt, 2, kind);
      _sl_store_bind_text (stmt, 3, clean);
      sqlite3_bind_int (stmt, 4, i);
      if (!_sl_store_step_done (self, stmt, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
insert_skills (SlStore    *self,
               gint64      candidate_id,
               JsonArray  *skills,
               GError    **error)
{
  for (guint i = 0; skills != NULL && i < json_array_get_length (skills); i++)
    {
      const char *value = array_string (skills, i);
      g_autofree char *name = NULL;
      sqlite3_stmt *stmt;

      if (value == NULL)
        continue;
      name = g_strstrip (g_strdup (value));
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

static gboolean
insert_experiences (SlStore    *self,
                    gint64      candidate_id,
                    JsonArray  *experiences,
                    GError    **error)
{
  for (guint i = 0; experiences != NULL && i < json_array_get_length (experiences); i++)
    {
      JsonNode *node = json_array_get_element (experiences, i);
      JsonObject *experience;
      const char *start;
      const char *end;
      gboolean current = FALSE;
      sqlite3_stmt *stmt;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      experience = json_node_get_object (node);
      start = member_string (experience, "start");
      end = member_string (experience, "end");
      if (json_object_has_member (experience, "current") &&
          JSON_NODE_HOLDS_VALUE (json_object_get_member (experience, "current")))
        current = json_object_get_boolean_member (experience, "current");

      if (!(stmt = _sl_store_prepare (self,
                                      "INSERT INTO experiences (candidate_id, position, title, company,"
                                      " start_month, end_month, current) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                                      error)))
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, candidate_id);
      sqlite3_bind_int (stmt, 2, i);
      _sl_store_bind_text (stmt, 3, member_string (experience, "title"));
      _sl_store_bind_text (stmt, 4, member_string (experience, "company"));
      if (is_month (start))
        _sl_store_bind_text (stmt, 5, start);
      else
        sqlite3_bind_null (stmt, 5);
      if (is_month (end))
        _sl_store_bind_text (stmt, 6, end);
      else
        sqlite3_bind_null (stmt, 6);
      sqlite3_bind_int (stmt, 7, current ? 1 : 0);
      if (!_sl_store_step_done (self, stmt, error))
        return FALSE;
    }
  return TRUE;
}

static int
education_from_profile (JsonObject *profile)
{
  static const char * const levels[] = {
    "none", "high_school", "associate", "bachelor", "master", "doctorate",
  };
  const char *level = member_string (profile, "education_level");

  for (guint i = 0; level != NULL && i < G_N_ELEMENTS (levels); i++)
    {
      if (g_str_equal (level, levels[i]))
        return i;
    }
  return 0;
}

static double
years_from_profile (JsonObject *profile)
{
  JsonNode *node;
  double years;

  if (profile == NULL || !(node = json_object_get_member (profile, "years_experience")) ||
      !JSON_NODE_HOLDS_VALUE (node))
    return 0;
  years = json_node_get_double (node);
  return CLAMP (years, 0, 80);
}

static gboolean
insert_candidate (SlStore               *self,
                  const SlImportRecord  *record,
                  JsonObject            *profile,
                  gint64                *candidate_id,
                  GError               **error)
{
  static const char *contact_sql =
    "INSERT OR IGNORE INTO candidate_contacts (candidate_id, kind, value, position)"
    " VALUES (?1, ?2, ?3, ?4)";
  static const char *fact_sql =
    "INSERT OR IGNORE INTO candidate_facts (candidate_id, kind, value) VALUES (?1, ?2, ?3)";
  g_autofree char *profile_json = NULL;
  const char *name = member_string (profile, "name");
  sqlite3_stmt *stmt;
  gint64 now = _sl_store_now ();
  gint64 document_id;
  gint64 id;

  if (name == NULL || name[0] == '\0')
    name = record->fallback_name;
  if (record->profile != NULL)
    profile_json = json_to_string (record->profile, FALSE);

  if (!lookup_id (self, "SELECT id FROM documents WHERE sha256 = ?1", record->sha256, &document_id, error))
    return FALSE;
  if (document_id == 0)
    {
      if (!(stmt = _sl_store_prepare (self,
                                      "INSERT INTO documents (sha256, filename, mime_type, size, pages, imported_at)"
                                      " VALUES (?1, ?2, ?3, ?4, ?5, ?6)", error)))
        return FALSE;
      _sl_store_bind_text (stmt, 1, record->sha256);
      _sl_store_bind_text (stmt, 2, record->filename);
      _sl_store_bind_text (stmt, 3, record->mime_type != NULL ? record->mime_type : "application/octet-stream");
      sqlite3_bind_int64 (stmt, 4, MAX (record->size, 0));
      if (record->pages > 0)
        sqlite3_bind_int (stmt, 5, record->pages);
      else
        sqlite3_bind_null (stmt, 5);
      sqlite3_bind_int64 (stmt, 6, now);
      if (!_sl_store_step_done (self, stmt, error))
        return FALSE;
      document_id = sqlite3_last_insert_rowid (_sl_store_get_db (self));
    }

  if (!(stmt = _sl_store_prepare (self,
                                  "INSERT INTO candidates (document_id, name, headline, location,"
                                  " years_experience, education_level, text, text_sha256, profile,"
                                  " imported_at, updated_at)"
                                  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, document_id);
  _sl_store_bind_text (stmt, 2, name);
  _sl_store_bind_text (stmt, 3, member_string (profile, "headline"));
  _sl_store_bind_text (stmt, 4, member_string (profile, "location"));
  sqlite3_bind_double (stmt, 5, years_from_profile (profile));
  sqlite3_bind_int (stmt, 6, education_from_profile (profile));
  _sl_store_bind_text (stmt, 7, record->text);
  if (record->text_sha256 != NULL)
    _sl_store_bind_text (stmt, 8, record->text_sha256);
  else
    sqlite3_bind_null (stmt, 8);
  if (profile_json != NULL)
    _sl_store_bind_text (stmt, 9, profile_json);
  else
    sqlite3_bind_null (stmt, 9);
  sqlite3_bind_int64 (stmt, 10, now);
  if (!_sl_store_step_done (self, stmt, error))
    return FALSE;
  id = sqlite3_last_insert_rowid (_sl_store_get_db (self));

  /* E-mail addresses are kept in lower case: duplicates are found by them. */
  if (!insert_strings (self, contact_sql, id, "email",
                       member_array (profile, "emails"), TRUE, error) ||
      !insert_strings (self, contact_sql, id, "phone",
                       member_array (profile, "phones"), FALSE, error) ||
      !insert_strings (self, contact_sql, id, "link",
                       member_array (profile, "links"), FALSE, error) ||
      !insert_strings (self, fact_sql, id, "certification",
                       member_array (profile, "certifications"), FALSE, error) ||
      !insert_strings (self, fact_sql, id, "language",
                       member_array (profile, "languages"), FALSE, error) ||
      !insert_skills (self, id, member_array (profile, "skills"), error) ||
      !insert_experiences (self, id, member_array (profile, "experiences"), error))
    return FALSE;

  *candidate_id = id;
  return TRUE;
}

gboolean
sl_store_import_candidate (SlStore               *self,
                           const SlImportRecord  *record,
                           gint64                *candidate_id,
                           SlDuplicateReason     *duplicate,
                           GError               **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  JsonObject *profile = NULL;
  gint64 id = 0;

  g_return_val_if_fail (SL_IS_STORE (self), FALSE);
  g_return_val_if_fail (record != NULL && record->sha256 != NULL, FALSE);

  *candidate_id = 0;
  *duplicate = SL_DUPLICATE_NONE;
  if (record->text != NULL && !g_utf8_validate (record->text, -1, NULL))
    {
      g_set_error_literal (error, SL_STORE_ERROR, SL_STORE_ERROR_INVALID,
                           _("The extracted text is not valid UTF-8"));
      return FALSE;
    }
  if (record->profile != NULL && JSON_NODE_HOLDS_OBJECT (record->profile))
    profile = json_node_get_object (record->profile);

  locker = g_mutex_locker_new (_sl_store_get_mutex (self));
  if (!_sl_store_begin (self, error))
    return FALSE;

  if (record->job_id > 0 && !check_job (self, record->job_id, error))
    goto failed;
  if (!find_duplicate (self, record, profile, &id, duplicate, error))
    goto failed;

  if (*duplicate != SL_DUPLICATE_NONE)
    {
      const char *reason = sl_duplicate_reason_to_string (*duplicate);
      g_autofree char *detail = g_strdup_printf ("{\"reason\":\"%s\"}", reason);

      /* Never imported twice: the existing candidate stands for this file,
       * gets the application, and the log says a duplicate arrived. */
      if ((record->job_id > 0 && !link_application (self, record->job_id, id, error)) ||
          !_sl_store_audit (self, "candidate.duplicate", "candidate", id, detail, error))
        goto failed;
    }
  else if (record->text == NULL)
    {
      /* Only a duplicate check was asked for, and the original is gone. */
      _sl_store_rollback (self);
      return TRUE;
    }
  else
    {
      if (!insert_candidate (self, record, profile, &id, error) ||
          (record->job_id > 0 && !link_application (self, record->job_id, id, error)) ||
          !_sl_store_audit (self, "candidate.import", "candidate", id, NULL, error))
        goto failed;
    }

  if (!_sl_store_commit (self, error))
    goto failed;

  *candidate_id = id;
  _sl_store_queue_changed (self, SL_STORE_CHANGED_CANDIDATES);
  return TRUE;

failed:
  _sl_store_rollback (self);
  *duplicate = SL_DUPLICATE_NONE;
  return FALSE;
}

char *
sl_store_import_dup_document_sha256 (SlStore  *self,
                                     gint64    candidate_id,
                                     GError  **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  sqlite3_stmt *stmt;
  gboolean has_row;
  char *sha256 = NULL;

  g_return_val_if_fail (SL_IS_STORE (self), NULL);

  locker = g_mutex_locker_new (_sl_store_get_mutex (self));
  if (!(stmt = _sl_store_prepare (self,
                                  "SELECT d.sha256 FROM candidates c JOIN documents d ON d.id = c.document_id"
                                  " WHERE c.id = ?1", error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, candidate_id);
  if (!_sl_store_step_row (self, stmt, &has_row, error))
    return NULL;
  if (has_row)
    sha256 = g_strdup (_sl_store_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return sha256;
}

GPtrArray *
sl_store_import_list_experiences (SlStore  *self,
                                  gint64    candidate_id,
                                  GError  **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GPtrArray) experiences = g_ptr_array_new_with_free_func ((GDestroyNotify)json_node_unref);
  sqlite3_stmt *stmt;
  gboolean has_row;

  g_return_val_if_fail (SL_IS_STORE (self), NULL);

  locker = g_mutex_locker_new (_sl_store_get_mutex (self));
  if (!(stmt = _sl_store_prepare (self,
                                  "SELECT title, company, start_month, end_month, current FROM experiences"
                                  " WHERE candidate_id = ?1 ORDER BY position, id", error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, candidate_id);
  while (TRUE)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      if (!_sl_store_step_row (self, stmt, &has_row, error))
        return NULL;
      if (!has_row)
        break;
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "title");
      json_builder_add_string_value (builder, _sl_store_column_text (stmt, 0));
      json_builder_set_member_name (builder, "company");
      json_builder_add_string_value (builder, _sl_store_column_text (stmt, 1));
      for (int column = 2; column <= 3; column++)
        {
          json_builder_set_member_name (builder, column == 2 ? "start" : "end");
          if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
            json_builder_add_null_value (builder);
          else
            json_builder_add_string_value (builder, _sl_store_column_text (stmt, column));
        }
      json_builder_set_member_name (builder, "current");
      json_builder_add_boolean_value (builder, sqlite3_column_int (stmt, 4) != 0);
      json_builder_end_object (builder);
      g_ptr_array_add (experiences, json_builder_get_root (builder));
    }
  sqlite3_reset (stmt);
  return g_steal_pointer (&experiences);
}

gboolean
sl_store_import_erase_candidate (SlStore  *self,
                                 gint64    candidate_id,
                                 GStrv    *orphans,
                                 GError  **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autofree char *sha256 = NULL;
  sqlite3_stmt *stmt;
  gboolean has_row;

  g_return_val_if_fail (SL_IS_STORE (self), FALSE);

  if (orphans != NULL)
    *orphans = NULL;

  locker = g_mutex_locker_new (_sl_store_get_mutex (self));
  if (!_sl_store_begin (self, error))
    return FALSE;

  if (!(stmt = _sl_store_prepare (self,
                                  "SELECT d.sha256 FROM candidates c JOIN documents d ON d.id = c.document_id"
                                  " WHERE c.id = ?1", error)))
    goto failed;
  sqlite3_bind_int64 (stmt, 1, candidate_id);
  if (!_sl_store_step_row (self, stmt, &has_row, error))
    goto failed;
  if (has_row)
    sha256 = g_strdup (_sl_store_column_text (stmt, 0));
  sqlite3_reset (stmt);

  /* Reviews keep their label for training, but lose everything personal. */
  if (!(stmt = _sl_store_prepare (self,
                                  "UPDATE reviews SET notes = '', candidate_id = NULL,"
                                  " screening_id = NULL WHERE candidate_id = ?1", error)))
    goto failed;
  sqlite3_bind_int64 (stmt, 1, candidate_id);
  if (!_sl_store_step_done (self, stmt, error))
    goto failed;

  /* Contacts, facts, skills, experiences, vectors, screenings and
   * applications go with the row (ON DELETE CASCADE). */
  if (!(stmt = _sl_store_prepare (self, "DELETE FROM candidates WHERE id = ?1", error)))
    goto failed;
  sqlite3_bind_int64 (stmt, 1, candidate_id);
  if (!_sl_store_step_done (self, stmt, error))
    goto failed;
  if (sqlite3_changes (_sl_store_get_db (self)) == 0)
    {
      g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_NOT_FOUND,
                   _("There is no candidate with the number %" G_GINT64_FORMAT), candidate_id);
      goto failed;
    }

  if (sha256 != NULL)
    {
      if (!(stmt = _sl_store_prepare (self,
                                      "DELETE FROM documents WHERE sha256 = ?1 AND id NOT IN"
                                      " (SELECT document_id FROM candidates WHERE document_id IS NOT NULL)",
                                      error)))
        goto failed;
      _sl_store_bind_text (stmt, 1, sha256);
      if (!_sl_store_step_done (self, stmt, error))
        goto failed;
      if (sqlite3_changes (_sl_store_get_db (self)) > 0)
        g_strv_builder_add (builder, sha256);
    }

  if (!_sl_store_audit (self, "candidate.erase", "candidate", candidate_id, NULL, error) ||
      !_sl_store_commit (self, error))
    goto failed;

  if (orphans != NULL)
    *orphans = g_strv_builder_end (builder);
  _sl_store_queue_changed (self, SL_STORE_CHANGED_CANDIDATES);
  return TRUE;

failed:
  _sl_store_rollback (self);
  return FALSE;
}
