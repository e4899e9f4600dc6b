/* sl-store-screening.c: SQL for screening: job requirements, resume texts
 * and saved results. */
#define G_LOG_DOMAIN "sl-store"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "sl-candidate.h"
#include "sl-store-private.h"
#include "sl-store-screening.h"

static GStrv
json_strv (JsonObject *object,
           const char *name,
           const char *fallback)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonNode *node = json_object_get_member (object, name);
  JsonArray *array;

  if (node == NULL && fallback != NULL)
    node = json_object_get_member (object, fallback);
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return g_strv_builder_end (builder);
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_VALUE (element) && json_node_get_value_type (element) == G_TYPE_STRING)
        g_strv_builder_add (builder, json_node_get_string (element));
    }
  return g_strv_builder_end (builder);
}

gboolean
sl_store_get_job_requirements (SlStore            *self,
                               gint64              job_id,
                               SlJobRequirements  *requirements,
                               GError            **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GStrvBuilder) mandatory = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) preferred = g_strv_builder_new ();
  g_autofree char *parsed = NULL;
  sqlite3_stmt *stmt;
  gboolean has_row;
  guint n_skills = 0;

  g_return_val_if_fail (SL_IS_STORE (self), FALSE);
  g_return_val_if_fail (requirements != NULL, FALSE);

  memset (requirements, 0, sizeof *requirements);
  locker = g_mutex_locker_new (_sl_store_get_mutex (self));
  if (!(stmt = _sl_store_prepare (self, "SELECT parsed FROM jobs WHERE id = ?1", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, job_id);
  if (!_sl_store_step_row (self, stmt, &has_row, error))
    return FALSE;
  if (!has_row)
    {
      g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_NOT_FOUND,
                   _("There is no job with the number %" G_GINT64_FORMAT), job_id);
      return FALSE;
    }
  if (sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    parsed = g_strdup (_sl_store_column_text (stmt, 0));
  sqlite3_reset (stmt);

  if (!(stmt = _sl_store_prepare (self,
                                  "SELECT s.name, js.mandatory FROM job_skills js"
                                  " JOIN skills s ON s.id = js.skill_id"
                                  " WHERE js.job_id = ?1 ORDER BY s.name COLLATE NOCASE", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, job_id);
  while (TRUE)
    {
      if (!_sl_store_step_row (self, stmt, &has_row, error))
        return FALSE;
      if (!has_row)
        break;
      g_strv_builder_add (sqlite3_column_int (stmt, 1) ? mandatory : preferred,
                          _sl_store_column_text (stmt, 0));
      n_skills++;
    }
  sqlite3_reset (stmt);

  requirements->mandatory = g_strv_builder_end (mandatory);
  requirements->preferred = g_strv_builder_end (preferred);

  if (parsed != NULL)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonObject *object;

      /* The schema guarantees valid JSON; anything but an object is ignored. */
      if (json_parser_load_from_data (parser, parsed, -1, NULL) &&
          JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
        {
          object = json_node_get_object (json_parser_get_root (parser));
          if (n_skills == 0)
            {
              g_strfreev (requirements->mandatory);
              g_strfreev (requirements->preferred);
              requirements->mandatory = json_strv (object, "mandatory_skills", "required_skills");
              requirements->preferred = json_strv (object, "preferred_skills", "nice_to_have");
            }
          if (json_object_has_member (object, "min_years"))
            requirements->min_years = MAX (json_object_get_double_member (object, "min_years"), 0);
          if (json_object_has_member (object, "education"))
            {
              SlEducationLevel level;
              const char *text = json_object_get_string_member_with_default (object, "education",
                                                                             "");

              if (sl_education_level_from_string (text, &level))
                requirements->min_education = level;
            }
        }
    }
  return TRUE;
}

GHashTable *
sl_store_get_candidate_texts (SlStore       *self,
                              const gint64  *ids,
                              guint          n,
                              GError       **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GHashTable) texts = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);

  g_return_val_if_fail (SL_IS_STORE (self), NULL);

  locker = g_mutex_locker_new (_sl_store_get_mutex (self));
  for (guint i = 0; i < n; i++)
    {
      sqlite3_stmt *stmt;
      gboolean has_row;

      if (!(stmt = _sl_store_prepare (self, "SELECT text FROM candidates WHERE id = ?1", error)))
        return NULL;
      sqlite3_bind_int64 (stmt, 1, ids[i]);
      if (!_sl_store_step_row (self, stmt, &has_row, error))
        return NULL;
      if (has_row)
        g_hash_table_insert (texts, g_memdup2 (&ids[i], sizeof (gint64)),
                             g_strdup (_sl_store_column_text (stmt, 0)));
      sqlite3_reset (stmt);
    }
  return g_steal_pointer (&texts);
}

static void
add_strv (JsonBuilder        *builder,
          const char         *name,
          const char * const *values)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    json_builder_add_string_value (builder, values[i]);
  json_builder_end_array (builder);
}

static char *
explanation_json (SlScreeningResult *result)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  add_strv (builder, "matched_mandatory", (const char * const *)result->matched_mandatory);
  add_strv (builder, "matched_preferred", (const char * const *)result->matched_preferred);
  add_strv (builder, "missing_mandatory", (const char * const *)result->missing_mandatory);
  add_strv (builder, "missing_preferred", (const char * const *)result->missing_preferred);
  json_builder_set_member_name (builder, "years");
  json_builder_add_double_value (builder, result->years);
  json_builder_set_member_name (builder, "education");
  json_builder_add_string_value (builder, sl_education_level_to_string (result->education));
  add_strv (builder, "evidence", (const char * const *)result->evidence);
  json_builder_set_member_name (builder, "sentence");
  json_builder_add_string_value (builder, result->explanation != NULL ? result->explanation : "");
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

gboolean
sl_store_save_screenings (SlStore     *self,
                          gint64       job_id,
                          GPtrArray   *results,
                          double       threshold,
                          const char  *embedder,
                          GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autofree char *detail = NULL;
  gint64 now = _sl_store_now ();
  sqlite3_stmt *stmt;

  g_return_val_if_fail (SL_IS_STORE (self), FALSE);
  g_return_val_if_fail (results != NULL && embedder != NULL, FALSE);

  locker = g_mutex_locker_new (_sl_store_get_mutex (self));
  if (!_sl_store_begin (self, error))
    return FALSE;
  for (guint i = 0; i < results->len; i++)
    {
      SlScreeningResult *result = g_ptr_array_index (results, i);
      g_autofree char *explanation = explanation_json (result);

      if (!(stmt = _sl_store_prepare (self,
                                      "UPDATE screenings SET current = 0 WHERE job_id = ?1"
                                      " AND candidate_id = ?2 AND current = 1", error)))
        goto failed;
      sqlite3_bind_int64 (stmt, 1, job_id);
      sqlite3_bind_int64 (stmt, 2, result->candidate_id);
      if (!_sl_store_step_done (self, stmt, error))
        goto failed;

      if (!(stmt = _sl_store_prepare (self,
                                      "INSERT INTO screenings (job_id, candidate_id, score,"
                                      " similarity, skill_coverage, mandatory_coverage,"
                                      " preferred_coverage, experience_fit, education_fit,"
                                      " classifier, decision, threshold, embedder, explanation,"
                                      " current, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7,"
                                      " ?8, ?9, ?10, ?11, ?12, ?13, ?14, 1, ?15)", error)))
        goto failed;
      sqlite3_bind_int64 (stmt, 1, job_id);
      sqlite3_bind_int64 (stmt, 2, result->candidate_id);
      sqlite3_bind_double (stmt, 3, CLAMP (result->score, 0, 100));
      sqlite3_bind_double (stmt, 4, result->similarity);
      sqlite3_bind_double (stmt, 5, result->skill_coverage);
      sqlite3_bind_double (stmt, 6, result->mandatory_coverage);
      sqlite3_bind_double (stmt, 7, result->preferred_coverage);
      sqlite3_bind_double (stmt, 8, result->experience_fit);
      sqlite3_bind_double (stmt, 9, result->education_fit);
      if (isnan (result->classifier))
        sqlite3_bind_null (stmt, 10);
      else
        sqlite3_bind_double (stmt, 10, result->classifier);
      _sl_store_bind_text (stmt, 11, result->shortlisted ? "shortlist" : "reject");
      sqlite3_bind_double (stmt, 12, threshold);
      _sl_store_bind_text (stmt, 13, embedder);
      _sl_store_bind_text (stmt, 14, explanation);
      sqlite3_bind_int64 (stmt, 15, now);
      if (!_sl_store_step_done (self, stmt, error))
        goto failed;
      result->result_id = sqlite3_last_insert_rowid (_sl_store_get_db (self));
    }

  detail = g_strdup_printf ("{\"candidates\":%u,\"threshold\":%g}", results->len, threshold);
  if (!_sl_store_audit (self, "job.screen", "job", job_id, detail, error) ||
      !_sl_store_commit (self, error))
    goto failed;
  return TRUE;

failed:
  _sl_store_rollback (self);
  for (guint i = 0; i < results->len; i++)
    ((SlScreeningResult *)g_ptr_array_index (results, i))->result_id = 0;
  return FALSE;
}
