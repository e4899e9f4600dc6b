#define G_LOG_DOMAIN "sl-job-parser"

#include "config.h"

#include <string.h>

#include "sl-job-parser.h"
#include "sl-text-util.h"

JsonNode *
sl_job_parse (const char      *text,
              SlSkillTaxonomy *taxonomy)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *clean = sl_text_sanitize (text);
  g_autoptr(GPtrArray) skills = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "title");
  json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "mandatory_skills");
  json_builder_begin_array (builder);
  if (taxonomy != NULL)
    {
      skills = sl_skill_taxonomy_find_in_text (taxonomy, clean);
      for (guint i = 0; i < skills->len; i++)
        json_builder_add_string_value (builder, g_ptr_array_index (skills, i));
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "preferred_skills");
  json_builder_begin_array (builder);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "min_years");
  json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "education_level");
  json_builder_add_string_value (builder, "none");
  json_builder_set_member_name (builder, "location");
  json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "remote");
  json_builder_add_boolean_value (builder, FALSE);
  json_builder_set_member_name (builder, "work_mode");
  json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "salary_min");
  json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "salary_max");
  json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "currency");
  json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "seniority");
  json_builder_add_null_value (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}
