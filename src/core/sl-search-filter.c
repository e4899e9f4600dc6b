#define G_LOG_DOMAIN "sl-search-filter"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "sl-candidate.h"
#include "sl-search-filter.h"

G_DEFINE_QUARK (sl-search-error-quark, sl_search_error)
G_DEFINE_BOXED_TYPE (SlSearchFilter, sl_search_filter, sl_search_filter_copy, sl_search_filter_free)

SlSearchFilter *
sl_search_filter_new (void)
{
  SlSearchFilter *filter = g_new0 (SlSearchFilter, 1);

  filter->min_years = -1;
  filter->min_education = -1;
  return filter;
}

SlSearchFilter *
sl_search_filter_copy (const SlSearchFilter *filter)
{
  SlSearchFilter *copy;

  g_return_val_if_fail (filter != NULL, NULL);

  copy = g_memdup2 (filter, sizeof *filter);
  copy->skills = g_strdupv (filter->skills);
  copy->location = g_strdup (filter->location);
  return copy;
}

void
sl_search_filter_free (SlSearchFilter *filter)
{
  if (filter == NULL)
    return;
  g_strfreev (filter->skills);
  g_free (filter->location);
  g_free (filter);
}

gboolean
sl_search_filter_is_empty (const SlSearchFilter *filter)
{
  return filter == NULL ||
         (filter->skills == NULL && filter->min_years < 0 && filter->min_education < 0 &&
          filter->location == NULL && filter->job_id == 0 && filter->imported_after == 0);
}

static gboolean
fail (GError     **error,
      const char  *format,
      ...) G_GNUC_PRINTF (2, 3);

static gboolean
fail (GError     **error,
      const char  *format,
      ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, SL_SEARCH_ERROR, SL_SEARCH_ERROR_INVALID_FILTER, message);
  return FALSE;
}

/* Splits on spaces outside double quotes; quotes stay in the terms. */
static GPtrArray *
split_terms (const char  *text,
             GError     **error)
{
  g_autoptr(GPtrArray) terms = g_ptr_array_new_with_free_func (g_free);
  GString *term = g_string_new (NULL);
  gboolean quoted = FALSE;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        quoted = !quoted;
      if (!quoted && g_ascii_isspace (*p))
        {
          if (term->len > 0)
            g_ptr_array_add (terms, g_strndup (term->str, term->len));
          g_string_truncate (term, 0);
          continue;
        }
      g_string_append_c (term, *p);
    }
  if (quoted)
    {
      g_string_free (term, TRUE);
      fail (error, _("A quote in the filter is not closed"));
      return NULL;
    }
  if (term->len > 0)
    g_ptr_array_add (terms, g_strndup (term->str, term->len));
  g_string_free (term, TRUE);
  return g_steal_pointer (&terms);
}

/* Removes the double quotes and trims; NULL when nothing is left. */
static char *
unquote (const char *value)
{
  GString *out = g_string_new (NULL);

  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p != '"')
        g_string_append_c (out, *p);
    }
  g_strstrip (out->str);
  out->len = strlen (out->str);
  if (out->len == 0)
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  return g_string_free (out, FALSE);
}

static gboolean
parse_skills (SlSearchFilter  *filter,
              const char      *value,
              const char      *term,
              GError         **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  gboolean has_comma = FALSE;
  gboolean has_bar = FALSE;
  GString *item = g_string_new (NULL);
  gboolean quoted = FALSE;
  guint count = 0;

  /* Items are split on “,” (all of them) or “|” (any of them) outside quotes. */
  for (const char *p = value; ; p++)
    {
      if (*p == '"')
        quoted = !quoted;
      if (*p == '\0' || (!quoted && (*p == ',' || *p == '|')))
        {
          g_autofree char *name = unquote (item->str);

          if (name == NULL)
            {
              g_string_free (item, TRUE);
              return fail (error, _("“%s” has an empty skill name"), term);
            }
          g_strv_builder_add (builder, name);
          count++;
          g_string_truncate (item, 0);
          if (*p == '\0')
            break;
          has_comma |= *p == ',';
          has_bar |= *p == '|';
          continue;
        }
      g_string_append_c (item, *p);
    }
  g_string_free (item, TRUE);

  if (has_comma && has_bar)
    return fail (error, _("“%s” mixes “,” (all of) and “|” (any of): use one"), term);
  filter->skills = g_strv_builder_end (builder);
  filter->skills_any = has_bar;
  return TRUE;
}

static gboolean
parse_date (const char  *value,
            gint64      *out)
{
  g_autoptr(GDateTime) day = NULL;
  int year, month, date;
  char tail;

  if (sscanf (value, "%4d-%2d-%2d%c", &year, &month, &date, &tail) != 3 || strlen (value) != 10)
    return FALSE;
  if (!(day = g_date_time_new_utc (year, month, date, 0, 0, 0)))
    return FALSE;
  /* “After” a day means from the next midnight on. */
  *out = g_date_time_to_unix (day) + 24 * 3600 - 1;
  return TRUE;
}

static gboolean
parse_term (SlSearchFilter  *filter,
            const char      *term,
            GError         **error)
{
  g_autofree char *key = NULL;
  g_autofree char *value = NULL;
  const char *p = term;
  const char *op;

  while (g_ascii_isalpha (*p) || *p == '_')
    p++;
  key = g_ascii_strdown (term, p - term);
  if (key[0] == '\0' || *p == '\0')
    return fail (error, _("“%s” is not a filter: write NAME:VALUE or NAME>=VALUE"), term);
  if (g_str_has_prefix (p, ">="))
    op = ">=";
  else if (*p == ':')
    op = ":";
  else
    return fail (error, _("“%s” needs “:” or “>=” after “%s”"), term, key);
  value = unquote (p + strlen (op));
  if (value == NULL)
    return fail (error, _("“%s” has no value"), term);

  if (g_str_equal (key, "skills") || g_str_equal (key, "skill"))
    {
      if (!g_str_equal (op, ":"))
        return fail (error, _("Write skills as “skills:python,aws”"));
      if (filter->skills != NULL)
        return fail (error, _("Give “skills” only once"));
      return parse_skills (filter, p + 1, term, error);
    }
  if (g_str_equal (key, "years"))
    {
      char *end = NULL;
      double years;

      if (!g_str_equal (op, ">="))
        return fail (error, _("Write years as “years>=3”"));
      years = g_ascii_strtod (value, &end);
      if (end == value || *end != '\0' || !(years >= 0 && years <= 80))
        return fail (error, _("“%s”: years must be a number from 0 to 80"), term);
      filter->min_years = years;
      return TRUE;
    }
  if (g_str_equal (key, "education"))
    {
      SlEducationLevel level;

      if (!g_str_equal (op, ">="))
        return fail (error, _("Write education as “education>=bachelor”"));
      if (!sl_education_level_from_string (value, &level))
        return fail (error, _("“%s”: education is one of none, high_school, associate, bachelor, "
                              "master or doctorate"), term);
      filter->min_education = level;
      return TRUE;
    }
  if (g_str_equal (key, "location"))
    {
      if (!g_str_equal (op, ":"))
        return fail (error, _("Write location as “location:berlin”"));
      g_free (filter->location);
      filter->location = g_steal_pointer (&value);
      return TRUE;
    }
  if (g_str_equal (key, "job"))
    {
      char *end = NULL;
      gint64 id;

      if (!g_str_equal (op, ":"))
        return fail (error, _("Write the job as “job:12”"));
      id = g_ascii_strtoll (value, &end, 10);
      if (end == value || *end != '\0' || id <= 0)
        return fail (error, _("“%s”: the job is a positive number"), term);
      filter->job_id = id;
      return TRUE;
    }
  if (g_str_equal (key, "after"))
    {
      if (!g_str_equal (op, ":"))
        return fail (error, _("Write the date as “after:2024-05-01”"));
      if (!parse_date (value, &filter->imported_after))
        return fail (error, _("“%s”: the date must be YYYY-MM-DD"), term);
      return TRUE;
    }
  return fail (error,
               _("Unknown filter “%s”: use skills, years, education, location, job or after"), key);
}

SlSearchFilter *
sl_search_filter_parse (const char  *text,
                        GError     **error)
{
  g_autoptr(SlSearchFilter) filter = sl_search_filter_new ();
  g_autoptr(GPtrArray) terms = NULL;

  if (text == NULL)
    return g_steal_pointer (&filter);
  if (!g_utf8_validate (text, -1, NULL))
    {
      fail (error, _("The filter is not valid UTF-8"));
      return NULL;
    }
  if (!(terms = split_terms (text, error)))
    return NULL;
  for (guint i = 0; i < terms->len; i++)
    {
      if (!parse_term (filter, g_ptr_array_index (terms, i), error))
        return NULL;
    }
  return g_steal_pointer (&filter);
}
