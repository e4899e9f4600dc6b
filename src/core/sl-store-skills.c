#define G_LOG_DOMAIN "sl-store"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "sl-store-private.h"
#include "sl-store-skills.h"

void
sl_store_skill_free (SlStoreSkill *skill)
{
  if (skill == NULL)
    return;
  g_free (skill->name);
  g_free (skill->category);
  g_strfreev (skill->aliases);
  g_free (skill);
}

static char *
clean_name (const char *name)
{
  g_autofree char *copy = NULL;

  if (name == NULL || !g_utf8_validate (name, -1, NULL))
    return NULL;
  copy = g_strstrip (g_strdup (name));
  /* The taxonomy file is tab- and comma-separated; '~' marks list-only names. */
  g_strdelimit (copy, "\t\n\r", ' ');
  if (copy[0] == '\0' || copy[0] == '~' || strchr (copy, ',') != NULL)
    return NULL;
  return g_steal_pointer (&copy);
}

static char *
skill_detail (const char *name)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, name);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

static gboolean
lookup_skill_id (SlStore     *self,
                 const char  *name,
                 gint64      *id,
                 gboolean    *user_defined,
                 GError     **error)
{
  sqlite3_stmt *stmt;
  gboolean has_row = FALSE;

  *id = 0;
  if (!(stmt = _sl_store_prepare (self, "SELECT id, user_defined FROM skills WHERE name = ?1", error)))
    return FALSE;
  _sl_store_bind_text (stmt, 1, name);
  if (!_sl_store_step_row (self, stmt, &has_row, error))
    return FALSE;
  if (has_row)
    {
      *id = sqlite3_column_int64 (stmt, 0);
      if (user_defined != NULL)
        *user_defined = sqlite3_column_int (stmt, 1) != 0;
    }
  sqlite3_reset (stmt);
  return TRUE;
}

gboolean
sl_store_add_skill (SlStore             *self,
                    const char          *name,
                    const char * const  *aliases,
                    const char          *category,
                    GError             **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autofree char *canonical = NULL;
  g_autofree char *clean_category = NULL;
  g_autofree char *detail = NULL;
  sqlite3_stmt *stmt;
  gint64 id = 0;

  g_return_val_if_fail (SL_IS_STORE (self), FALSE);

  if ((canonical = clean_name (name)) == NULL)
    {
      g_set_error_literal (error, SL_STORE_ERROR, SL_STORE_ERROR_INVALID,
                           _("A skill needs a name without commas or tabs"));
      return FALSE;
    }
  for (guint i = 0; aliases != NULL && aliases[i] != NULL; i++)
    {
      g_autofree char *alias = clean_name (aliases[i]);

      if (alias == NULL)
        {
          g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_INVALID,
                       _("The alias ‘%s’ is empty or holds a comma or a tab"), aliases[i]);
          return FALSE;
        }
    }

  if (category != NULL)
    {
      /* Kept in the same tab-separated format as the names. */
      category = clean_category = g_strstrip (g_strdelimit (g_strdup (category), "\t\n\r", ' '));
    }

  detail = skill_detail (canonical);
  locker = g_mutex_locker_new (_sl_store_get_mutex (self));
  if (!_sl_store_begin (self, error))
    return FALSE;

  if (!lookup_skill_id (self, canonical, &id, NULL, error))
    goto failed;

  if (id == 0)
    {
      if (!(stmt = _sl_store_prepare (self,
                                      "INSERT INTO skills (name, category, user_defined)"
                                      " VALUES (?1, ?2, 1)", error)))
        goto failed;
      _sl_store_bind_text (stmt, 1, canonical);
      _sl_store_bind_text (stmt, 2, category != NULL ? category : "");
      if (!_sl_store_step_done (self, stmt, error))
        goto failed;
      id = sqlite3_last_insert_rowid (_sl_store_get_db (self));
    }
  else if (category != NULL && category[0] != '\0')
    {
      if (!(stmt = _sl_store_prepare (self,
                                      "UPDATE skills SET category = ?2 WHERE id = ?1 AND category = ''",
                                      error)))
        goto failed;
      sqlite3_bind_int64 (stmt, 1, id);
      _sl_store_bind_text (stmt, 2, category);
      if (!_sl_store_step_done (self, stmt, error))
        goto failed;
    }

  for (guint i = 0; aliases != NULL && aliases[i] != NULL; i++)
    {
      g_autofree char *alias = clean_name (aliases[i]);
      gboolean has_row = FALSE;
      gint64 owner;

      if (g_utf8_collate (alias, canonical) == 0)
        continue;

      if (!(stmt = _sl_store_prepare (self, "SELECT skill_id FROM skill_aliases WHERE alias = ?1",
                                      error)))
        goto failed;
      _sl_store_bind_text (stmt, 1, alias);
      if (!_sl_store_step_row (self, stmt, &has_row, error))
        goto failed;
      owner = has_row ? sqlite3_column_int64 (stmt, 0) : 0;
      sqlite3_reset (stmt);

      if (owner == id)
        continue;
      if (owner != 0)
        {
          g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_CONSTRAINT,
                       _("‘%s’ is already an alias of another skill"), alias);
          goto failed;
        }

      if (!(stmt = _sl_store_prepare (self,
                                      "INSERT INTO skill_aliases (alias, skill_id) VALUES (?1, ?2)",
                                      error)))
        goto failed;
      _sl_store_bind_text (stmt, 1, alias);
      sqlite3_bind_int64 (stmt, 2, id);
      if (!_sl_store_step_done (self, stmt, error))
        goto failed;
    }

  if (!_sl_store_audit (self, "skill.add", "skill", id, detail, error) ||
      !_sl_store_commit (self, error))
    goto failed;

  _sl_store_queue_changed (self, SL_STORE_CHANGED_SKILLS);
  return TRUE;

failed:
  _sl_store_rollback (self);
  return FALSE;
}

gboolean
sl_store_remove_skill (SlStore     *self,
                       const char  *name,
                       GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autofree char *detail = NULL;
  sqlite3_stmt *stmt;
  gint64 id = 0;

  g_return_val_if_fail (SL_IS_STORE (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  detail = skill_detail (name);
  locker = g_mutex_locker_new (_sl_store_get_mutex (self));
  if (!_sl_store_begin (self, error))
    return FALSE;

  if (!lookup_skill_id (self, name, &id, NULL, error))
    goto failed;
  if (id == 0)
    {
      g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_NOT_FOUND,
                   _("There is no skill ‘%s’ added by a user"), name);
      goto failed;
    }

  /* The user's aliases always go; the skill itself only while no
   * candidate or job refers to it, so removing never unlinks profiles
   * (a referenced one stops being the user's: it leaves the taxonomy). */
  if (!(stmt = _sl_store_prepare (self, "DELETE FROM skill_aliases WHERE skill_id = ?1", error)))
    goto failed;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!_sl_store_step_done (self, stmt, error))
    goto failed;

  if (!(stmt = _sl_store_prepare (self,
                                  "DELETE FROM skills WHERE id = ?1"
                                  " AND NOT EXISTS (SELECT 1 FROM candidate_skills WHERE skill_id = ?1)"
                                  " AND NOT EXISTS (SELECT 1 FROM job_skills WHERE skill_id = ?1)",
                                  error)))
    goto failed;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!_sl_store_step_done (self, stmt, error))
    goto failed;

  /* A skill profiles still name stays for them, but no longer as the user's. */
  if (!(stmt = _sl_store_prepare (self, "UPDATE skills SET user_defined = 0 WHERE id = ?1", error)))
    goto failed;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!_sl_store_step_done (self, stmt, error) ||
      !_sl_store_audit (self, "skill.remove", "skill", id, detail, error) ||
      !_sl_store_commit (self, error))
    goto failed;

  _sl_store_queue_changed (self, SL_STORE_CHANGED_SKILLS);
  return TRUE;

failed:
  _sl_store_rollback (self);
  return FALSE;
}

GPtrArray *
sl_store_list_user_skills (SlStore  *self,
                           GError  **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GPtrArray) ret = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_store_skill_free);
  sqlite3_stmt *stmt;
  SlStoreSkill *current = NULL;
  g_autoptr(GPtrArray) aliases = NULL;

  g_return_val_if_fail (SL_IS_STORE (self), NULL);

  locker = g_mutex_locker_new (_sl_store_get_mutex (self));
  if (!(stmt = _sl_store_prepare (self,
                                  "SELECT s.id, s.name, s.category, a.alias FROM skills s"
                                  " LEFT JOIN skill_aliases a ON a.skill_id = s.id"
                                  " WHERE s.user_defined = 1 OR a.alias IS NOT NULL"
                                  " ORDER BY s.name COLLATE NOCASE, s.id, a.alias COLLATE NOCASE",
                                  error)))
    return NULL;

  for (;;)
    {
      gboolean has_row = FALSE;
      const char *alias;

      if (!_sl_store_step_row (self, stmt, &has_row, error))
        return NULL;
      if (!has_row)
        break;

      if (current == NULL || g_strcmp0 (current->name, _sl_store_column_text (stmt, 1)) != 0)
        {
          if (current != NULL)
            {
              g_ptr_array_add (aliases, NULL);
              current->aliases = (char **)g_ptr_array_free (g_steal_pointer (&aliases), FALSE);
            }
          current = g_new0 (SlStoreSkill, 1);
          current->name = g_strdup (_sl_store_column_text (stmt, 1));
          current->category = g_strdup (_sl_store_column_text (stmt, 2));
          g_ptr_array_add (ret, current);
          aliases = g_ptr_array_new ();
        }
      if ((alias = (const char *)sqlite3_column_text (stmt, 3)) != NULL)
        g_ptr_array_add (aliases, g_strdup (alias));
    }
  sqlite3_reset (stmt);

  if (current != NULL)
    {
      g_ptr_array_add (aliases, NULL);
      current->aliases = (char **)g_ptr_array_free (g_steal_pointer (&aliases), FALSE);
    }

  return g_steal_pointer (&ret);
}

SlSkillTaxonomy *
sl_store_dup_taxonomy (SlStore  *self,
                       GError  **error)
{
  g_autoptr(SlSkillTaxonomy) taxonomy = NULL;
  g_autoptr(GPtrArray) skills = NULL;

  g_return_val_if_fail (SL_IS_STORE (self), NULL);

  if (!(taxonomy = sl_skill_taxonomy_new_default (error)))
    return NULL;
  if (!(skills = sl_store_list_user_skills (self, error)))
    return NULL;

  for (guint i = 0; i < skills->len; i++)
    {
      SlStoreSkill *skill = g_ptr_array_index (skills, i);

      sl_skill_taxonomy_merge (taxonomy, skill->name, (const char * const *)skill->aliases,
                               skill->category[0] != '\0' ? skill->category : NULL);
    }

  return g_steal_pointer (&taxonomy);
}

char *
sl_store_dup_user_skills_tsv (SlStore  *self,
                              GError  **error)
{
  g_autoptr(GPtrArray) skills = NULL;
  GString *tsv;

  g_return_val_if_fail (SL_IS_STORE (self), NULL);

  if (!(skills = sl_store_list_user_skills (self, error)))
    return NULL;

  /* Names and aliases hold no tabs, commas or newlines (see clean_name). */
  tsv = g_string_new (NULL);
  for (guint i = 0; i < skills->len; i++)
    {
      SlStoreSkill *skill = g_ptr_array_index (skills, i);
      g_autofree char *aliases = g_strjoinv (",", skill->aliases);

      g_string_append_printf (tsv, "%s\t%s\t%s\n", skill->name, aliases, skill->category);
    }
  return g_string_free (tsv, FALSE);
}
