#define G_LOG_DOMAIN "sl-store-profile"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sl-store-private.h"
#include "sl-store-profile.h"

void
sl_duplicate_link_free (SlDuplicateLink *link)
{
  if (link == NULL)
    return;
  g_free (link->other_name);
  g_free (link->reason);
  g_free (link);
}

void
sl_document_info_free (SlDocumentInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->sha256);
  g_free (info->filename);
  g_free (info->mime_type);
  g_free (info);
}

static JsonObject *
load_corrections_locked (SlStore  *self,
                         gint64    candidate_id,
                         GError  **error)
{
  g_autoptr(JsonParser) parser = NULL;
  sqlite3_stmt *stmt;
  gboolean has_row;
  const char *json;
  JsonNode *root;

  if (!(stmt = _sl_store_prepare (self, "SELECT corrections FROM candidates WHERE id = ?1", error)))
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

  json = (const char *)sqlite3_column_text (stmt, 0);
  parser = json_parser_new ();
  if (json == NULL || !json_parser_load_from_data (parser, json, -1, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      sqlite3_reset (stmt);
      return json_object_new ();
    }
  sqlite3_reset (stmt);

  return json_object_ref (json_node_get_object (root));
}

static gboolean
check_corrections (JsonObject  *corrections,
                   GError     **error)
{
  g_autoptr(GList) members = json_object_get_members (corrections);

  for (const GList *l = members; l != NULL; l = l->next)
    {
      const char *member = l->data;
      JsonNode *node = json_object_get_member (corrections, member);
      GType type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;
      gboolean valid = FALSE;

      if (g_str_equal (member, "name") || g_str_equal (member, "headline") ||
          g_str_equal (member, "location"))
        valid = type == G_TYPE_STRING;
      else if (g_str_equal (member, "years_experience"))
        valid = (type == G_TYPE_DOUBLE || type == G_TYPE_INT64) &&
                json_node_get_double (node) >= 0 && json_node_get_double (node) <= 80;
      else if (g_str_equal (member, "education_level"))
        {
          SlEducationLevel level;

          valid = type == G_TYPE_STRING &&
                  sl_education_level_from_string (json_node_get_string (node), &level);
        }

      if (!valid)
        {
          g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_INVALID,
                       _("The correction of “%s” is not valid"), member);
          return FALSE;
        }
    }

  return TRUE;
}

gboolean
sl_store_profile_save_corrections (SlStore     *self,
                                   gint64       candidate_id,
                                   JsonObject  *corrections,
                                   GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(JsonObject) merged = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *json = NULL;
  g_autoptr(GList) members = NULL;
  sqlite3_stmt *stmt;
  SlEducationLevel level = SL_EDUCATION_NONE;

  g_return_val_if_fail (SL_IS_STORE (self), FALSE);
  g_return_val_if_fail (corrections != NULL, FALSE);

  if (!check_corrections (corrections, error))
    return FALSE;

  locker = g_mutex_locker_new (_sl_store_get_mutex (self));
  if (!_sl_store_begin (self, error))
    return FALSE;
  if (!(merged = load_corrections_locked (self, candidate_id, error)))
    goto failed;

  members = json_object_get_members (corrections);
  for (const GList *l = members; l != NULL; l = l->next)
    json_object_set_member (merged, l->data,
                            json_node_copy (json_object_get_member (corrections, l->data)));

  node = json_node_init_object (json_node_alloc (), merged);
  json = json_to_string (node, FALSE);

  if (json_object_has_member (merged, "education_level"))
    sl_education_level_from_string (json_object_get_string_member (merged, "education_level"),
                                    &level);

  /* Every corrected column takes the user's value; the others keep theirs. */
  if (!(stmt = _sl_store_prepare (self,
                                  "UPDATE candidates SET"
                                  " name = CASE WHEN ?2 THEN ?3 ELSE name END,"
                                  " headline = CASE WHEN ?4 THEN ?5 ELSE headline END,"
                                  " location = CASE WHEN ?6 THEN ?7 ELSE location END,"
                                  " years_experience = CASE WHEN ?8 THEN ?9 ELSE years_experience END,"
                                  " education_level = CASE WHEN ?10 THEN ?11 ELSE education_level END,"
                                  " corrections = ?12, updated_at = ?13"
                                  " WHERE id = ?1",
                                  error)))
    goto failed;
  sqlite3_bind_int64 (stmt, 1, candidate_id);
  sqlite3_bind_int (stmt, 2, json_object_has_member (merged, "name"));
  _sl_store_bind_text (stmt, 3, json_object_get_string_member_with_default (merged, "name", ""));
  sqlite3_bind_int (stmt, 4, json_object_has_member (merged, "headline"));
  _sl_store_bind_text (stmt, 5,
                       json_object_get_string_member_with_default (merged, "headline", ""));
  sqlite3_bind_int (stmt, 6, json_object_has_member (merged, "location"));
  _sl_store_bind_text (stmt, 7,
                       json_object_get_string_member_with_default (merged, "location", ""));
  sqlite3_bind_int (stmt, 8, json_object_has_member (merged, "years_experience"));
  sqlite3_bind_double (stmt, 9,
                       json_object_get_double_member_with_default (merged, "years_experience", 0));
  sqlite3_bind_int (stmt, 10, json_object_has_member (merged, "education_level"));
  sqlite3_bind_int (stmt, 11, level);
  _sl_store_bind_text (stmt, 12, json);
  sqlite3_bind_int64 (stmt, 13, _sl_store_now ());
  if (!_sl_store_step_done (self, stmt, error))
    goto failed;

  /* The audit row names the fields, never their values. */
  {
    g_autoptr(JsonBuilder) builder = json_builder_new ();
    g_autoptr(JsonNode) detail = NULL;
    g_autofree char *detail_json = NULL;

    json_builder_begin_object (builder);
    json_builder_set_member_name (builder, "fields");
    json_builder_begin_array (builder);
    for (const GList *l = members; l != NULL; l = l->next)
      json_builder_add_string_value (builder, l->data);
    json_builder_end_array (builder);
    json_builder_end_object (builder);
    detail = json_builder_get_root (builder);
    detail_json = json_to_string (detail, FALSE);
    if (!_sl_store_audit (self, "candidate.correct", "candidate", candidate_id, detail_json,
                          error))
      goto failed;
  }

  if (!_sl_store_commit (self, error))
    goto failed;

  _sl_store_queue_changed (self, SL_STORE_CHANGED_CANDIDATES);
  return TRUE;

failed:
  _sl_store_rollback (self);
  return FALSE;
}

JsonObject *
sl_store_profile_dup_corrections (SlStore  *self,
                                  gint64    candidate_id,
                                  GError  **error)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (SL_IS_STORE (self), NULL);

  locker = g_mutex_locker_new (_sl_store_get_mutex (self));
  return load_corrections_locked (self, candidate_id, error);
}

GPtrArray *
sl_store_profile_list_duplicates (SlStore  *self,
                                  gint64    candidate_id,
                                  GError  **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GPtrArray) links = NULL;
  sqlite3_stmt *stmt;
  gboolean has_row;

  g_return_val_if_fail (SL_IS_STORE (self), NULL);

  locker = g_mutex_locker_new (_sl_store_get_mutex (self));
  if (!(stmt = _sl_store_prepare (self,
                                  "SELECT l.other, c.name, l.reason, l.similarity FROM ("
                                  "  SELECT other_id AS other, reason, similarity"
                                  "  FROM duplicate_links WHERE candidate_id = ?1"
                                  "  UNION"
                                  "  SELECT candidate_id AS other, reason, similarity"
                                  "  FROM duplicate_links WHERE other_id = ?1) l"
                                  " JOIN candidates c ON c.id = l.other"
                                  " ORDER BY coalesce(l.similarity, 2) DESC, l.other",
                                  error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, candidate_id);

  links = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_duplicate_link_free);
  for (;;)
    {
      SlDuplicateLink *link;

      if (!_sl_store_step_row (self, stmt, &has_row, error))
        return NULL;
      if (!has_row)
        break;
      link = g_new0 (SlDuplicateLink, 1);
      link->other_id = sqlite3_column_int64 (stmt, 0);
      link->other_name = g_strdup (_sl_store_column_text (stmt, 1));
      link->reason = g_strdup (_sl_store_column_text (stmt, 2));
      link->similarity = sqlite3_column_type (stmt, 3) == SQLITE_NULL
                         ? -1 : sqlite3_column_double (stmt, 3);
      g_ptr_array_add (links, link);
    }
  sqlite3_reset (stmt);

  return g_steal_pointer (&links);
}

SlDocumentInfo *
sl_store_profile_dup_document (SlStore  *self,
                               gint64    candidate_id,
                               GError  **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(SlDocumentInfo) info = NULL;
  sqlite3_stmt *stmt;
  gboolean has_row;

  g_return_val_if_fail (SL_IS_STORE (self), NULL);

  locker = g_mutex_locker_new (_sl_store_get_mutex (self));
  if (!(stmt = _sl_store_prepare (self,
                                  "SELECT d.sha256, d.filename, d.mime_type, d.size, d.pages"
                                  " FROM candidates c JOIN documents d ON d.id = c.document_id"
                                  " WHERE c.id = ?1",
                                  error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, candidate_id);
  if (!_sl_store_step_row (self, stmt, &has_row, error))
    return NULL;
  if (!has_row)
    return NULL;

  info = g_new0 (SlDocumentInfo, 1);
  info->sha256 = g_strdup (_sl_store_column_text (stmt, 0));
  info->filename = g_strdup (_sl_store_column_text (stmt, 1));
  info->mime_type = g_strdup (_sl_store_column_text (stmt, 2));
  info->size = sqlite3_column_int64 (stmt, 3);
  info->pages = sqlite3_column_int (stmt, 4);
  sqlite3_reset (stmt);

  return g_steal_pointer (&info);
}
