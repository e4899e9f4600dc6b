#define G_LOG_DOMAIN "sl-json-resume"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sl-json-resume.h"
#include "sl-resume-parser.h"
#include "sl-text-util.h"

G_DEFINE_QUARK (sl-json-resume-error-quark, sl_json_resume_error)

static const char *
get_string (JsonObject *object,
            const char *member)
{
  JsonNode *node;

  if (object == NULL || !json_object_has_member (object, member))
    return NULL;
  node = json_object_get_member (object, member);
  if (node == NULL || JSON_NODE_TYPE (node) != JSON_NODE_VALUE ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static JsonObject *
get_object (JsonObject *object,
            const char *member)
{
  JsonNode *node;

  if (object == NULL || !json_object_has_member (object, member))
    return NULL;
  node = json_object_get_member (object, member);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  return json_node_get_object (node);
}

static JsonArray *
get_array (JsonObject *object,
           const char *member)
{
  JsonNode *node;

  if (object == NULL || !json_object_has_member (object, member))
    return NULL;
  node = json_object_get_member (object, member);
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;
  return json_node_get_array (node);
}

static JsonObject *
array_get_object (JsonArray *array,
                  guint      i)
{
  JsonNode *node = json_array_get_element (array, i);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  return json_node_get_object (node);
}

static const char *
array_get_string (JsonArray *array,
                  guint      i)
{
  JsonNode *node = json_array_get_element (array, i);

  if (node == NULL || JSON_NODE_TYPE (node) != JSON_NODE_VALUE ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
is_blank (const char *str)
{
  if (str == NULL)
    return TRUE;
  for (; *str != '\0'; str++)
    if (!g_ascii_isspace (*str))
      return FALSE;
  return TRUE;
}

gboolean
sl_json_resume_detect (JsonNode *node)
{
  JsonObject *object;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return FALSE;

  object = json_node_get_object (node);
  if (get_object (object, "basics") != NULL)
    return TRUE;

  return get_array (object, "work") != NULL &&
         (get_array (object, "education") != NULL || get_array (object, "skills") != NULL);
}

static void
add_unique (JsonArray  *array,
            GHashTable *seen,
            const char *value)
{
  g_autofree char *stripped = NULL;
  g_autofree char *key = NULL;

  if (is_blank (value))
    return;
  stripped = g_strstrip (g_strdup (value));
  key = g_utf8_casefold (stripped, -1);
  if (g_hash_table_contains (seen, key))
    return;
  g_hash_table_add (seen, g_steal_pointer (&key));
  json_array_add_string_element (array, stripped);
}

static void
set_string_or_null (JsonObject *object,
                    const char *member,
                    const char *value)
{
  if (is_blank (value))
    json_object_set_null_member (object, member);
  else
    {
      g_autofree char *copy = g_strstrip (g_strdup (value));

      json_object_set_string_member (object, member, copy);
    }
}

static void
set_month (JsonObject *object,
           const char *member,
           SlMonth     month)
{
  g_autofree char *str = sl_text_month_to_string (month);

  if (str != NULL)
    json_object_set_string_member (object, member, str);
  else
    json_object_set_null_member (object, member);
}

static void
add_skills_from_text (JsonArray       *skills,
                      GHashTable      *seen,
                      SlSkillTaxonomy *taxonomy,
                      const char      *text)
{
  g_autoptr(GPtrArray) found = NULL;

  if (taxonomy == NULL || is_blank (text))
    return;
  found = sl_skill_taxonomy_find_in_text (taxonomy, text);
  for (guint i = 0; i < found->len; i++)
    add_unique (skills, seen, g_ptr_array_index (found, i));
}

JsonNode *
sl_json_resume_to_profile (JsonNode         *json_resume,
                           SlSkillTaxonomy  *taxonomy,
                           GError          **error)
{
  g_autoptr(JsonObject) profile = NULL;
  g_autoptr(GHashTable) seen_skills = NULL;
  g_autoptr(GHashTable) seen_links = NULL;
  g_autoptr(GHashTable) seen_misc = NULL;
  g_autoptr(GArray) starts = NULL;
  g_autoptr(GArray) ends = NULL;
  g_autofree char *location = NULL;
  JsonObject *root, *basics, *loc;
  JsonArray *emails, *phones, *links, *skills, *experiences, *education, *certs, *langs;
  JsonObject *sections;
  JsonArray *array;
  const char *value;
  int best_level = 0;
  SlMonth now = sl_text_month_now ();
  JsonNode *node;

  g_return_val_if_fail (taxonomy == NULL || SL_IS_SKILL_TAXONOMY (taxonomy), NULL);

  if (!sl_json_resume_detect (json_resume))
    {
      g_set_error (error, SL_JSON_RESUME_ERROR, SL_JSON_RESUME_ERROR_INVALID,
                   _("This is not a JSON Resume document"));
      return NULL;
    }

  root = json_node_get_object (json_resume);
  basics = get_object (root, "basics");
  profile = json_object_new ();
  seen_skills = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  seen_links = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  seen_misc = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  starts = g_array_new (FALSE, FALSE, sizeof (int));
  ends = g_array_new (FALSE, FALSE, sizeof (int));

  set_string_or_null (profile, "name", get_string (basics, "name"));
  set_string_or_null (profile, "headline", get_string (basics, "label"));

  emails = json_array_new ();
  add_unique (emails, seen_misc, get_string (basics, "email"));
  json_object_set_array_member (profile, "emails", emails);

  phones = json_array_new ();
  if ((value = get_string (basics, "phone")) != NULL)
    {
      g_autofree char *phone = sl_resume_normalize_phone (value);

      add_unique (phones, seen_misc, phone);
    }
  json_object_set_array_member (profile, "phones", phones);

  links = json_array_new ();
  add_unique (links, seen_links, get_string (basics, "url"));
  add_unique (links, seen_links, get_string (basics, "website"));
  if ((array = get_array (basics, "profiles")) != NULL)
    for (guint i = 0; i < json_array_get_length (array); i++)
      add_unique (links, seen_links, get_string (array_get_object (array, i), "url"));
  json_object_set_array_member (profile, "links", links);

  if ((loc = get_object (basics, "location")) != NULL)
    {
      GPtrArray *parts = g_ptr_array_new ();
      const char *keys[] = { "city", "region", "countryCode" };

      for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
        if (!is_blank (value = get_string (loc, keys[i])))
          g_ptr_array_add (parts, (gpointer)value);
      g_ptr_array_add (parts, NULL);
      if (parts->len > 1)
        location = g_strjoinv (", ", (char **)parts->pdata);
      g_ptr_array_free (parts, TRUE);
    }
  set_string_or_null (profile, "location", location);

  skills = json_array_new ();
  if ((array = get_array (root, "skills")) != NULL)
    for (guint i = 0; i < json_array_get_length (array); i++)
      {
        JsonObject *skill = array_get_object (array, i);
        JsonArray *keywords = get_array (skill, "keywords");
        const char *name = get_string (skill, "name");
        gboolean any = FALSE;

        for (guint j = 0; keywords != NULL && j < json_array_get_length (keywords); j++)
          {
            const char *kw = array_get_string (keywords, j);
            const char *canonical;

            if (is_blank (kw))
              continue;
            canonical = taxonomy != NULL ? sl_skill_taxonomy_lookup (taxonomy, kw) : NULL;
            if (canonical != NULL)
              add_unique (skills, seen_skills, canonical);
            else
              add_skills_from_text (skills, seen_skills, taxonomy, kw);
            any = TRUE;
          }

        /* "name" is a group ("Languages") when keywords are given, else the skill. */
        if (!any && name != NULL)
          {
            const char *canonical = taxonomy != NULL ? sl_skill_taxonomy_lookup (taxonomy, name) : NULL;

            if (canonical != NULL)
              add_unique (skills, seen_skills, canonical);
            else
              add_skills_from_text (skills, seen_skills, taxonomy, name);
          }
      }

  experiences = json_array_new ();
  if ((array = get_array (root, "work")) != NULL)
    for (guint i = 0; i < json_array_get_length (array); i++)
      {
        JsonObject *work = array_get_object (array, i);
        JsonObject *exp;
        JsonArray *highlights;
        SlMonth start, end;
        gboolean current;

        if (work == NULL)
          continue;

        exp = json_object_new ();
        start = sl_text_month_from_iso (get_string (work, "startDate"));
        end = sl_text_month_from_iso (get_string (work, "endDate"));
        current = start > 0 && is_blank (get_string (work, "endDate"));

        set_string_or_null (exp, "title", get_string (work, "position"));
        value = get_string (work, "name");
        if (is_blank (value))
          value = get_string (work, "company");
        set_string_or_null (exp, "company", value);
        set_month (exp, "start", start);
        set_month (exp, "end", end);
        json_object_set_boolean_member (exp, "current", current);
        json_array_add_object_element (experiences, exp);

        if (start > 0)
          {
            int e = current ? now + 1 : (end > 0 ? end + 1 : 0);

            if (e > start)
              {
                g_array_append_val (starts, start);
                g_array_append_val (ends, e);
              }
          }

        add_skills_from_text (skills, seen_skills, taxonomy, get_string (work, "summary"));
        if ((highlights = get_array (work, "highlights")) != NULL)
          for (guint j = 0; j < json_array_get_length (highlights); j++)
            add_skills_from_text (skills, seen_skills, taxonomy,
                                  array_get_string (highlights, j));
      }
  json_object_set_array_member (profile, "skills", skills);

  json_object_set_double_member (profile, "years_experience",
                                 (int)(sl_resume_merge_months ((int *)starts->data, (int *)ends->data,
                                                               starts->len) / 12.0 * 10 + 0.5) / 10.0);

  education = json_array_new ();
  if ((array = get_array (root, "education")) != NULL)
    for (guint i = 0; i < json_array_get_length (array); i++)
      {
        JsonObject *edu = array_get_object (array, i);
        const char *study = get_string (edu, "studyType");
        const char *area = get_string (edu, "area");
        g_autofree char *degree = NULL;
        JsonObject *out;
        int level;

        if (edu == NULL)
          continue;

        if (!is_blank (study) && !is_blank (area))
          degree = g_strdup_printf ("%s, %s", study, area);
        else
          degree = g_strdup (!is_blank (study) ? study : area);

        level = sl_education_level_from_degree (study);
        if (level < 0)
          level = sl_education_level_from_degree (area);

        out = json_object_new ();
        set_string_or_null (out, "degree", degree);
        set_string_or_null (out, "institution", get_string (edu, "institution"));
        if (level >= 0)
          json_object_set_string_member (out, "level", sl_education_level_to_string (level));
        else
          json_object_set_null_member (out, "level");
        set_month (out, "end", sl_text_month_from_iso (get_string (edu, "endDate")));
        json_array_add_object_element (education, out);

        best_level = MAX (best_level, level);
      }
  json_object_set_string_member (profile, "education_level",
                                 sl_education_level_to_string (best_level));
  json_object_set_array_member (profile, "experiences", experiences);
  json_object_set_array_member (profile, "education", education);

  certs = json_array_new ();
  if ((array = get_array (root, "certificates")) != NULL)
    for (guint i = 0; i < json_array_get_length (array); i++)
      add_unique (certs, seen_misc, get_string (array_get_object (array, i), "name"));
  json_object_set_array_member (profile, "certifications", certs);

  langs = json_array_new ();
  if ((array = get_array (root, "languages")) != NULL)
    for (guint i = 0; i < json_array_get_length (array); i++)
      add_unique (langs, seen_misc, get_string (array_get_object (array, i), "language"));
  json_object_set_array_member (profile, "languages", langs);

  sections = json_object_new ();
  if (!is_blank (value = get_string (basics, "summary")))
    json_object_set_string_member (sections, "summary", value);
  json_object_set_object_member (profile, "sections", sections);

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (node, profile);
  return node;
}
