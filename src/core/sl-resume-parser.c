#define G_LOG_DOMAIN "sl-resume-parser"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "sl-resume-parser.h"
#include "sl-text-util.h"

static const char * const education_levels[] = {
  "none", "high_school", "associate", "bachelor", "master", "doctorate",
};

const char *
sl_education_level_to_string (int level)
{
  if (level < 0 || level >= (int)G_N_ELEMENTS (education_levels))
    return "none";
  return education_levels[level];
}

int
sl_education_level_from_string (const char *str)
{
  for (guint i = 0; str != NULL && i < G_N_ELEMENTS (education_levels); i++)
    if (g_strcmp0 (str, education_levels[i]) == 0)
      return i;
  return 0;
}

int
sl_education_level_from_degree (const char *degree)
{
  return -1;
}

char *
sl_resume_normalize_phone (const char *text)
{
  GString *out;
  gboolean plus = FALSE;
  guint digits = 0;

  if (text == NULL)
    return NULL;

  out = g_string_new (NULL);
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '+' && digits == 0)
        plus = TRUE;
      else if (g_ascii_isdigit (*p))
        {
          g_string_append_c (out, *p);
          digits++;
        }
    }

  if (digits < 7 || digits > 15)
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  if (plus)
    g_string_prepend_c (out, '+');

  return g_string_free (out, FALSE);
}

static int
compare_int (gconstpointer a,
             gconstpointer b)
{
  return *(const int *)a - *(const int *)b;
}

int
sl_resume_merge_months (const int *starts,
                        const int *ends,
                        guint      n)
{
  g_autofree int *pairs = NULL;
  int total = 0;
  int cur_start = 0, cur_end = 0;
  guint k = 0;

  if (n == 0)
    return 0;

  /* Sort [start, end) pairs by start, then sweep. */
  pairs = g_new (int, n * 2);
  for (guint i = 0; i < n; i++)
    {
      if (ends[i] <= starts[i])
        continue;
      pairs[k * 2] = starts[i];
      pairs[k * 2 + 1] = ends[i];
      k++;
    }
  qsort (pairs, k, sizeof (int) * 2, compare_int);

  for (guint i = 0; i < k; i++)
    {
      int s = pairs[i * 2], e = pairs[i * 2 + 1];

      if (i == 0 || s > cur_end)
        {
          total += cur_end - cur_start;
          cur_start = s;
          cur_end = e;
        }
      else if (e > cur_end)
        cur_end = e;
    }
  total += cur_end - cur_start;

  return total;
}

JsonNode *
sl_resume_parse (const char      *text,
                 SlSkillTaxonomy *taxonomy)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *clean = sl_text_sanitize (text);
  g_autoptr(GPtrArray) skills = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "headline");
  json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "emails");
  json_builder_begin_array (builder);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "phones");
  json_builder_begin_array (builder);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "links");
  json_builder_begin_array (builder);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "location");
  json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "skills");
  json_builder_begin_array (builder);
  if (taxonomy != NULL)
    {
      skills = sl_skill_taxonomy_find_in_text (taxonomy, clean);
      for (guint i = 0; i < skills->len; i++)
        json_builder_add_string_value (builder, g_ptr_array_index (skills, i));
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "years_experience");
  json_builder_add_double_value (builder, 0);
  json_builder_set_member_name (builder, "education_level");
  json_builder_add_string_value (builder, "none");
  json_builder_set_member_name (builder, "experiences");
  json_builder_begin_array (builder);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "education");
  json_builder_begin_array (builder);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "certifications");
  json_builder_begin_array (builder);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "languages");
  json_builder_begin_array (builder);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "sections");
  json_builder_begin_object (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}
