#define G_LOG_DOMAIN "sl-job-parser"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "sl-job-parser.h"
#include "sl-parse-common.h"
#include "sl-resume-parser.h"
#include "sl-text-util.h"

typedef enum
{
  CUE_NONE,
  CUE_REQUIRED,
  CUE_PREFERRED,
} Cue;

typedef struct
{
  char      *text;
  SlSection  section;
  gboolean   heading;
} Line;

static void
line_free (gpointer data)
{
  Line *line = data;

  g_free (line->text);
  g_free (line);
}

static gboolean
contains_word (const char *lower,
               const char *word)
{
  gsize n = strlen (word);

  for (const char *p = strstr (lower, word); p != NULL; p = strstr (p + 1, word))
    if ((p == lower || !g_ascii_isalnum (p[-1])) && !g_ascii_isalnum (p[n]))
      return TRUE;
  return FALSE;
}

/* Cue phrases, checked on lower-case text; preferred ones win because
 * "experience with X is a plus" must not count as required. */
static Cue
cue_of (const char *text)
{
  static const char * const preferred[] = {
    "nice to have", "nice-to-have", "preferred", "a plus", "is a plus", "are a plus",
    "bonus", "desirable", "desired", "ideally", "advantageous", "an advantage",
    "would be great", "would be nice", "not required", "optional", "good to have",
    "appreciated", "helpful", "pluses", "extra credit", NULL
  };
  static const char * const required[] = {
    "required", "require", "requires", "requirement", "requirements", "must", "must have",
    "must-have", "minimum", "at least", "essential", "mandatory", "need", "needs",
    "you have", "you bring", "proven", "strong", "solid", "expert", "expertise",
    "proficiency", "proficient", "experience with", "experience in", "years", NULL
  };
  g_autofree char *lower = g_utf8_strdown (text, -1);

  for (guint i = 0; preferred[i] != NULL; i++)
    if (contains_word (lower, preferred[i]))
      return CUE_PREFERRED;
  for (guint i = 0; required[i] != NULL; i++)
    if (contains_word (lower, required[i]))
      return CUE_REQUIRED;
  return CUE_NONE;
}

static GPtrArray *
split_job_lines (const char *text)
{
  g_auto(GStrv) raw = g_strsplit (text, "\n", -1);
  GPtrArray *lines = g_ptr_array_new_with_free_func (line_free);
  SlSection current = SL_SECTION_HEADER;

  for (guint i = 0; raw[i] != NULL; i++)
    {
      char *stripped = g_strstrip (raw[i]);
      const char *rest = NULL;
      SlSection section = _sl_section_from_heading (stripped, TRUE, &rest);
      Line *line;

      if (section != SL_SECTION_NONE)
        {
          current = section;
          line = g_new0 (Line, 1);
          line->text = g_strdup (stripped);
          line->section = section;
          line->heading = TRUE;
          g_ptr_array_add (lines, line);
          if (rest == NULL)
            continue;
          stripped = (char *)rest;
        }

      line = g_new0 (Line, 1);
      line->text = g_strdup (stripped);
      line->section = current;
      g_ptr_array_add (lines, line);
    }

  return lines;
}

/* Sentences and list items: the units a cue phrase applies to. */
static GPtrArray *
split_clauses (const char *text)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);
  const char *start = text;

  for (const char *p = text; ; p++)
    {
      gboolean end = *p == '\0' || *p == ';' || *p == '\n' ||
                     (*p == '.' && (p[1] == ' ' || p[1] == '\0' || p[1] == '\n') &&
                      !(p > text && g_ascii_isupper (p[-1]) && (p - 1 == text || p[-2] == ' ')));

      if (end)
        {
          if (p > start)
            {
              char *clause = g_strndup (start, p - start);

              g_strstrip (clause);
              if (clause[0] != '\0')
                g_ptr_array_add (out, clause);
              else
                g_free (clause);
            }
          if (*p == '\0')
            break;
          start = p + 1;
        }
    }

  return out;
}

static const char * const seniority_words[][2] = {
  { "intern", "intern" },
  { "internship", "intern" },
  { "trainee", "intern" },
  { "apprentice", "intern" },
  { "working student", "intern" },
  { "junior", "junior" },
  { "jr", "junior" },
  { "entry level", "junior" },
  { "entry-level", "junior" },
  { "graduate", "junior" },
  { "associate", "junior" },
  { "mid-level", "mid" },
  { "mid level", "mid" },
  { "intermediate", "mid" },
  { "senior", "senior" },
  { "sr", "senior" },
  { "lead", "lead" },
  { "staff", "lead" },
  { "head of", "lead" },
  { "manager", "lead" },
  { "director", "principal" },
  { "principal", "principal" },
  { "distinguished", "principal" },
  { "architect", "principal" },
  { "vp", "principal" },
  { "chief", "principal" },
};

static const char *
seniority_of_title (const char *title)
{
  g_autofree char *lower = NULL;
  const char *found = NULL;
  int rank = -1;
  static const char * const order[] = { "intern", "junior", "mid", "senior", "lead", "principal" };

  if (title == NULL)
    return NULL;

  lower = g_utf8_strdown (title, -1);

  /* "Engineering Manager" is a lead; "Product Manager" alone says nothing. */
  for (guint i = 0; i < G_N_ELEMENTS (seniority_words); i++)
    {
      const char *word = seniority_words[i][0];

      if (strcmp (word, "manager") == 0 &&
          (strstr (lower, "engineering manager") == NULL && strstr (lower, "manager of") == NULL))
        continue;
      if (strcmp (word, "architect") == 0)
        continue;
      if (contains_word (lower, word))
        for (int r = 0; r < (int)G_N_ELEMENTS (order); r++)
          if (strcmp (order[r], seniority_words[i][1]) == 0 && r > rank)
            {
              /* "Senior Associate", "Lead Intern": the stronger word wins,
               * except that "intern"/"junior" beat "associate". */
              rank = r;
              found = order[r];
            }
    }

  /* "Senior Software Engineer II", "Engineer III" */
  if (found == NULL)
    {
      if (contains_word (lower, "iii") || contains_word (lower, "iv"))
        found = "senior";
      else if (contains_word (lower, "ii"))
        found = "mid";
      else if (g_str_has_suffix (lower, " i"))
        found = "junior";
    }

  return found;
}

static const char * const title_heads[] = {
  "engineer", "developer", "manager", "designer", "analyst", "scientist", "architect",
  "nurse", "teacher", "accountant", "specialist", "consultant", "coordinator", "director",
  "administrator", "representative", "executive", "recruiter", "lead", "intern",
  "technician", "officer", "assistant", "associate", "writer", "marketer", "strategist",
  "programmer", "tester", "researcher", "instructor", "tutor", "controller", "bookkeeper",
  "generalist", "partner", "head", "agent", "advisor", "owner", "sre", "devops", NULL
};

static gboolean
has_title_head (const char *str)
{
  g_autofree char *lower = g_utf8_strdown (str, -1);

  for (guint i = 0; title_heads[i] != NULL; i++)
    if (contains_word (lower, title_heads[i]))
      return TRUE;
  return FALSE;
}

static char *
find_title (GPtrArray *lines)
{
  static GRegex *hiring = NULL;
  static gsize initialized = 0;
  g_autoptr(GMatchInfo) match = NULL;

  if (g_once_init_enter (&initialized))
    {
      hiring = g_regex_new ("(?i)(?:looking for|hiring|seeking|searching for|recruiting|"
                            "need|join us as|opening for|position of|role of)\\s+"
                            "(?:an?\\s+|our\\s+(?:next|new|first)\\s+|(?:two|three|several)\\s+)?"
                            "(?:experienced\\s+|talented\\s+|passionate\\s+|motivated\\s+)?"
                            "((?:[A-Z0-9][\\w+#./&-]*\\s+){0,5}?[A-Z][\\w+#./&-]*(?:\\s+\\([^)]{1,30}\\))?)"
                            "(?=\\s+(?:to|who|with|for|in|on|at|that|and|,)\\b|[,.;:]|$)",
                            G_REGEX_OPTIMIZE, 0, NULL);
      g_once_init_leave (&initialized, 1);
    }

  /* "Job Title: Senior Engineer", "Position: …", "Role: …" */
  for (guint i = 0; i < lines->len; i++)
    {
      Line *line = g_ptr_array_index (lines, i);
      static const char * const keys[] = {
        "job title:", "title:", "position:", "role:", "job:", "position title:", NULL
      };

      for (guint k = 0; keys[k] != NULL; k++)
        if (g_ascii_strncasecmp (line->text, keys[k], strlen (keys[k])) == 0)
          {
            char *title = sl_text_strip_item (line->text + strlen (keys[k]), -1);

            if (title[0] != '\0')
              return title;
            g_free (title);
          }
    }

  /* A short first line that names a role, maybe with a place after a dash. */
  for (guint i = 0, seen = 0; i < lines->len && seen < 3; i++)
    {
      Line *line = g_ptr_array_index (lines, i);
      gsize len = strlen (line->text);

      if (line->text[0] == '\0')
        continue;
      seen++;
      if (line->heading)
        continue;
      if (len <= 80 && line->text[len - 1] != '.' && has_title_head (line->text))
        {
          const char *cut = NULL;
          static const char * const seps[] = { " — ", " – ", " - ", " | ", " at ", " @ ", "(", ",", NULL };

          /* The earliest separator that leaves a title before it:
           * "Sr. DevOps Engineer (Remote - US)". */
          for (guint k = 0; seps[k] != NULL; k++)
            {
              const char *p = strstr (line->text, seps[k]);

              if (p != NULL && p > line->text && (cut == NULL || p < cut))
                {
                  g_autofree char *head = g_strndup (line->text, p - line->text);

                  if (has_title_head (head))
                    cut = p;
                }
            }
          return sl_text_strip_item (line->text, cut ? cut - line->text : -1);
        }
    }

  /* "We are looking for a Senior Backend Engineer to join…" */
  for (guint i = 0; i < lines->len && i < 20; i++)
    {
      Line *line = g_ptr_array_index (lines, i);

      if (g_regex_match (hiring, line->text, 0, &match))
        {
          g_autofree char *title = g_match_info_fetch (match, 1);

          if (has_title_head (title))
            return g_strstrip (g_steal_pointer (&title));
        }
      g_clear_pointer (&match, g_match_info_unref);
    }

  return NULL;
}

static int
parse_years (const char *clause,
             gboolean   *found)
{
  static GRegex *re = NULL;
  static gsize initialized = 0;
  g_autoptr(GMatchInfo) match = NULL;
  int best = -1;

  if (g_once_init_enter (&initialized))
    {
      re = g_regex_new ("(?i)(?:(?:at least|minimum(?: of)?|min\\.?|over|more than|"
                        "no less than)\\s+)?\\b(\\d{1,2}|one|two|three|four|five|six|seven|"
                        "eight|nine|ten|eleven|twelve|fifteen|twenty)\\s*(?:\\((\\d{1,2})\\)\\s*)?"
                        "(?:\\+|plus)?\\s*(?:(?:-|–|to)\\s*(?:\\d{1,2}|\\w+)\\s*)?\\+?\\s*"
                        "(?:years?|yrs?)\\b(?!\\s+old)",
                        G_REGEX_OPTIMIZE, 0, NULL);
      g_once_init_leave (&initialized, 1);
    }

  *found = FALSE;
  g_regex_match (re, clause, 0, &match);
  while (g_match_info_matches (match))
    {
      g_autofree char *word = g_match_info_fetch (match, 1);
      int n = sl_text_number_from_word (word, -1);

      if (n >= 0 && n <= 30)
        {
          best = MAX (best, n);
          *found = TRUE;
        }
      g_match_info_next (match, NULL);
    }

  return best;
}

typedef struct
{
  const char *token;
  const char *code;
} Currency;

static const Currency currencies[] = {
  { "US$", "USD" }, { "CA$", "CAD" }, { "C$", "CAD" }, { "A$", "AUD" }, { "AU$", "AUD" },
  { "NZ$", "NZD" }, { "S$", "SGD" }, { "HK$", "HKD" }, { "R$", "BRL" },
  { "$", "USD" }, { "€", "EUR" }, { "£", "GBP" }, { "¥", "JPY" }, { "₹", "INR" },
  { "₩", "KRW" }, { "zł", "PLN" }, { "CHF", "CHF" }, { "USD", "USD" }, { "EUR", "EUR" },
  { "GBP", "GBP" }, { "CAD", "CAD" }, { "AUD", "AUD" }, { "INR", "INR" }, { "JPY", "JPY" },
  { "SEK", "SEK" }, { "NOK", "NOK" }, { "DKK", "DKK" }, { "PLN", "PLN" }, { "SGD", "SGD" },
  { "NZD", "NZD" }, { "ZAR", "ZAR" }, { "BRL", "BRL" }, { "MXN", "MXN" }, { "CZK", "CZK" },
  { "HKD", "HKD" }, { "CNY", "CNY" }, { "AED", "AED" },
};

static const char *
currency_at (const char *p,
             gsize      *len)
{
  for (guint i = 0; i < G_N_ELEMENTS (currencies); i++)
    {
      gsize n = strlen (currencies[i].token);

      if (strncmp (p, currencies[i].token, n) == 0)
        {
          /* A code must be a word of its own ("USD 100k", "100,000 USD"). */
          if (g_ascii_isalpha (currencies[i].token[0]) && g_ascii_isalpha (p[n]))
            continue;
          *len = n;
          return currencies[i].code;
        }
    }
  return NULL;
}

/* Reads "120,000", "120.000", "120 000", "120k", "1.5M" at p. */
static gsize
read_amount (const char *p,
             double     *value,
             gboolean   *has_suffix)
{
  const char *start = p;
  double v = 0;
  double frac = 0, scale = 1;
  gboolean in_frac = FALSE;
  int digits = 0;

  *has_suffix = FALSE;
  if (!g_ascii_isdigit (*p))
    return 0;

  while (*p != '\0')
    {
      if (g_ascii_isdigit (*p))
        {
          if (in_frac)
            {
              scale /= 10;
              frac += (*p - '0') * scale;
            }
          else
            v = v * 10 + (*p - '0');
          digits++;
          p++;
        }
      else if ((*p == ',' || *p == '.' || *p == '\'' || *p == ' ') && g_ascii_isdigit (p[1]) &&
               g_ascii_isdigit (p[2]) && g_ascii_isdigit (p[3]) && !g_ascii_isdigit (p[4]) &&
               !in_frac)
        p++;  /* a thousands separator */
      else if (*p == '.' && g_ascii_isdigit (p[1]) && !in_frac)
        {
          in_frac = TRUE;
          p++;
        }
      else
        break;
      if (digits > 12)
        return 0;
    }

  v += frac;
  if (*p == 'k' || *p == 'K')
    {
      v *= 1000;
      p++;
      *has_suffix = TRUE;
    }
  else if ((*p == 'm' || *p == 'M') && !g_ascii_isalpha (p[1]))
    {
      v *= 1000000;
      p++;
      *has_suffix = TRUE;
    }

  *value = v;
  return p - start;
}

static gboolean
find_salary (const char  *text,
             double      *min,
             double      *max,
             const char **currency)
{
  gsize len = strlen (text);

  for (gsize i = 0; i < len; i++)
    {
      gsize clen = 0;
      const char *code = NULL;
      const char *p = text + i;
      double a = 0, b = 0;
      gboolean ka = FALSE, kb = FALSE;
      gsize n;

      if (i > 0 && g_ascii_isalnum (text[i - 1]) && !g_ascii_isdigit (*p))
        continue;

      /* Currency first: "$120,000", "USD 100k", "€60k" */
      if ((code = currency_at (p, &clen)) != NULL)
        {
          p += clen;
          while (*p == ' ')
            p++;
        }
      else if (!g_ascii_isdigit (*p) || (i > 0 && (g_ascii_isdigit (text[i - 1]) || text[i - 1] == '.' || text[i - 1] == ',')))
        continue;

      if ((n = read_amount (p, &a, &ka)) == 0)
        continue;
      p += n;

      /* "…k USD" right after the number */
      if (code == NULL)
        {
          const char *q = p;

          while (*q == ' ')
            q++;
          if ((code = currency_at (q, &clen)) != NULL)
            p = q + clen;
        }

      /* The range: " – $150,000", "-70k", " to 150k" */
      {
        const char *q = p;
        gsize sep = 0;

        while (*q == ' ')
          q++;
        if (g_str_has_prefix (q, "–") || g_str_has_prefix (q, "—"))
          sep = 3;
        else if (*q == '-' || *q == '~')
          sep = 1;
        else if (g_ascii_strncasecmp (q, "to ", 3) == 0)
          sep = 2;
        else if (g_ascii_strncasecmp (q, "and ", 4) == 0)
          sep = 3;

        if (sep > 0)
          {
            gsize clen2 = 0;

            q += sep;
            while (*q == ' ')
              q++;
            if (currency_at (q, &clen2) != NULL)
              q += clen2;
            while (*q == ' ')
              q++;
            if ((n = read_amount (q, &b, &kb)) > 0)
              {
                /* "€60-70k": the suffix applies to both ends. */
                if (kb && !ka && a < 1000)
                  a *= 1000;
                p = q + n;
              }
          }
      }

      /* "90.000 - 110.000 EUR": the code after the range */
      if (code == NULL)
        {
          const char *q = p;

          while (*q == ' ')
            q++;
          if (b == 0 || (code = currency_at (q, &clen)) == NULL)
            continue;
        }

      /* million, billion: funding, not pay */
      {
        const char *q = p;

        while (*q == ' ')
          q++;
        if (g_ascii_strncasecmp (q, "million", 7) == 0 || g_ascii_strncasecmp (q, "billion", 7) == 0 ||
            g_ascii_strncasecmp (q, "bn", 2) == 0)
          continue;
      }

      if (b == 0)
        b = a;
      if (b < a)
        {
          double t = a;

          a = b;
          b = t;
        }

      /* Hourly rates are pay too, but tiny numbers are something else. */
      if (a < 10)
        continue;

      *min = a;
      *max = b;
      *currency = code;
      return TRUE;
    }

  return FALSE;
}

static char *
find_location (GPtrArray *lines)
{
  static const char * const keys[] = {
    "location:", "job location:", "based in:", "office:", "where:", "location -", NULL
  };

  for (guint i = 0; i < lines->len; i++)
    {
      Line *line = g_ptr_array_index (lines, i);

      for (guint k = 0; keys[k] != NULL; k++)
        if (g_ascii_strncasecmp (line->text, keys[k], strlen (keys[k])) == 0)
          {
            char *loc = sl_text_strip_item (line->text + strlen (keys[k]), -1);

            if (loc[0] != '\0' && strlen (loc) < 100)
              return loc;
            g_free (loc);
          }
      if (line->section == SL_SECTION_OTHER && line->heading == FALSE && i > 0 &&
          ((Line *)g_ptr_array_index (lines, i - 1))->heading &&
          g_ascii_strncasecmp (((Line *)g_ptr_array_index (lines, i - 1))->text, "location", 8) == 0 &&
          strlen (line->text) < 100)
        return sl_text_strip_item (line->text, -1);
    }

  /* "Tech Solutions, San Francisco, CA, USA": the longest tail of comma
   * parts that ends in a state or country. */
  for (guint i = 0; i < lines->len && i < 4; i++)
    {
      Line *line = g_ptr_array_index (lines, i);
      g_auto(GStrv) parts = NULL;
      guint n;

      if (strlen (line->text) > 100 || strchr (line->text, ',') == NULL)
        continue;
      parts = g_strsplit (line->text, ",", -1);
      n = g_strv_length (parts);
      for (guint k = 0; k < n; k++)
        g_strstrip (parts[k]);
      if (!_sl_is_place_word (parts[n - 1]))
        continue;
      for (guint start = 0; start + 1 < n; start++)
        {
          gboolean ok = TRUE;

          for (guint k = start; k < n && ok; k++)
            ok = parts[k][0] != '\0' && g_unichar_isupper (g_utf8_get_char (parts[k])) &&
                 !has_title_head (parts[k]) && strlen (parts[k]) < 30 &&
                 strstr (parts[k], " Solutions") == NULL && strstr (parts[k], " Inc") == NULL;
          /* Keep a city in front of the state: skip a leading company. */
          if (ok && (n - start <= 3))
            return g_strjoinv (", ", parts + start);
        }
    }

  /* "Senior Engineer – Berlin, Germany (Hybrid)" in the first lines. */
  for (guint i = 0; i < lines->len && i < 4; i++)
    {
      Line *line = g_ptr_array_index (lines, i);
      static const char * const seps[] = { " — ", " – ", " - ", " | ", NULL };

      if (strlen (line->text) > 100)
        continue;
      for (guint k = 0; seps[k] != NULL; k++)
        {
          const char *p = strstr (line->text, seps[k]);

          if (p != NULL && strchr (p, ',') != NULL)
            {
              g_autofree char *loc = sl_text_strip_item (p + strlen (seps[k]), -1);
              char *paren = strchr (loc, '(');

              if (paren != NULL)
                *paren = '\0';
              g_strstrip (loc);
              if (loc[0] != '\0' && g_unichar_isupper (g_utf8_get_char (loc)) && !has_title_head (loc))
                return g_steal_pointer (&loc);
            }
        }
    }

  return NULL;
}

static void
add_skills (GPtrArray       *target,
            GHashTable      *seen,
            SlSkillTaxonomy *taxonomy,
            const char      *text)
{
  g_autoptr(GPtrArray) found = NULL;

  if (taxonomy == NULL)
    return;
  found = sl_skill_taxonomy_find_in_text (taxonomy, text);
  for (guint i = 0; i < found->len; i++)
    {
      const char *skill = g_ptr_array_index (found, i);

      if (g_hash_table_contains (seen, skill))
        continue;
      g_hash_table_add (seen, g_strdup (skill));
      g_ptr_array_add (target, g_strdup (skill));
    }
}

static void
add_string_array (JsonBuilder *builder,
                  const char  *member,
                  GPtrArray   *array)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (guint i = 0; i < array->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (array, i));
  json_builder_end_array (builder);
}

static void
add_string_or_null (JsonBuilder *builder,
                    const char  *member,
                    const char  *value)
{
  json_builder_set_member_name (builder, member);
  if (value != NULL && value[0] != '\0')
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

JsonNode *
sl_job_parse (const char      *text,
              SlSkillTaxonomy *taxonomy)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *clean = NULL;
  g_autofree char *lower = NULL;
  g_autofree char *title = NULL;
  g_autofree char *location = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GPtrArray) mandatory = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) preferred = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) loose = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) seen_loose = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gboolean has_required_section = FALSE;
  int years_required = -1, years_any = -1;
  int level_required = -1, level_any = -1;
  double salary_min = 0, salary_max = 0;
  const char *currency = NULL;
  const char *work_mode = NULL;
  const char *seniority;

  g_return_val_if_fail (taxonomy == NULL || SL_IS_SKILL_TAXONOMY (taxonomy), NULL);

  clean = sl_text_sanitize (text);
  lower = g_utf8_strdown (clean, -1);
  lines = split_job_lines (clean);
  title = find_title (lines);
  location = find_location (lines);

  for (guint i = 0; i < lines->len; i++)
    if (((Line *)g_ptr_array_index (lines, i))->section == SL_SECTION_JOB_REQUIRED)
      has_required_section = TRUE;

  /* Preferred first, so a skill named in both lists ends up required
   * only when a required clause names it too. */
  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < lines->len; i++)
      {
        Line *line = g_ptr_array_index (lines, i);
        g_autoptr(GPtrArray) clauses = NULL;

        if (line->heading || line->section == SL_SECTION_JOB_BENEFITS)
          continue;

        clauses = split_clauses (line->text);
        for (guint c = 0; c < clauses->len; c++)
          {
            const char *clause = g_ptr_array_index (clauses, c);
            Cue cue = cue_of (clause);
            gboolean found_years;
            int years;
            guint levels;

            if (line->section == SL_SECTION_JOB_PREFERRED && cue != CUE_REQUIRED)
              cue = CUE_PREFERRED;
            else if (line->section == SL_SECTION_JOB_PREFERRED && cue == CUE_REQUIRED)
              cue = strstr (clause, "must") != NULL || strstr (clause, "required") != NULL
                      ? CUE_REQUIRED : CUE_PREFERRED;
            else if (line->section == SL_SECTION_JOB_REQUIRED && cue == CUE_NONE)
              cue = CUE_REQUIRED;

            if (pass == 0)
              {
                if (cue == CUE_PREFERRED)
                  continue;
                if (cue == CUE_REQUIRED)
                  add_skills (mandatory, seen, taxonomy, clause);
                else
                  add_skills (loose, seen_loose, taxonomy, clause);

                years = parse_years (clause, &found_years);
                if (found_years)
                  {
                    years_any = MAX (years_any, years);
                    years_required = MAX (years_required, years);
                  }

                levels = _sl_degree_levels_in (clause, FALSE);
                for (int l = 1; l <= 5; l++)
                  if (levels & (1u << l))
                    {
                      if (level_required < 0 || l < level_required)
                        level_required = l;
                      break;
                    }
              }
            else if (cue == CUE_PREFERRED)
              {
                add_skills (preferred, seen, taxonomy, clause);
                years = parse_years (clause, &found_years);
                if (found_years)
                  years_any = MAX (years_any, years);
                levels = _sl_degree_levels_in (clause, FALSE);
                for (int l = 1; l <= 5; l++)
                  if (levels & (1u << l))
                    {
                      if (level_any < 0 || l < level_any)
                        level_any = l;
                      break;
                    }
              }
          }
      }

  /* Skills named without a cue (duties, the company blurb) are what the
   * job asks for when nothing else says so; beside a list of
   * requirements they describe the work: nice to have. */
  for (guint i = 0; i < loose->len; i++)
    {
      const char *skill = g_ptr_array_index (loose, i);

      if (g_hash_table_contains (seen, skill))
        continue;
      g_hash_table_add (seen, g_strdup (skill));
      if (mandatory->len == 0 && !has_required_section)
        g_ptr_array_add (mandatory, g_strdup (skill));
      else
        g_ptr_array_add (preferred, g_strdup (skill));
    }

  find_salary (clean, &salary_min, &salary_max, &currency);

  /* Remote, hybrid or on-site: an explicit location line wins. */
  {
    g_autofree char *loc_lower = location ? g_utf8_strdown (location, -1) : NULL;
    g_autofree char *title_lower = title ? g_utf8_strdown (title, -1) : NULL;
    const char *sources[] = { loc_lower, title_lower, lower };

    for (guint s = 0; s < G_N_ELEMENTS (sources) && work_mode == NULL; s++)
      {
        const char *src = sources[s];

        if (src == NULL)
          continue;
        if (contains_word (src, "hybrid"))
          work_mode = "hybrid";
        else if ((contains_word (src, "remote") || contains_word (src, "work from home") ||
                  contains_word (src, "wfh") || contains_word (src, "remote-first")) &&
                 !contains_word (src, "no remote") && !contains_word (src, "not remote") &&
                 !contains_word (src, "remote sensing"))
          work_mode = "remote";
        else if (contains_word (src, "on-site") || contains_word (src, "onsite") ||
                 contains_word (src, "on site") || contains_word (src, "in-office") ||
                 contains_word (src, "in office") || contains_word (src, "no remote"))
          work_mode = "onsite";
      }
  }

  seniority = seniority_of_title (title);

  json_builder_begin_object (builder);
  add_string_or_null (builder, "title", title);
  add_string_array (builder, "mandatory_skills", mandatory);
  add_string_array (builder, "preferred_skills", preferred);
  json_builder_set_member_name (builder, "min_years");
  if (years_required >= 0 || years_any >= 0)
    json_builder_add_int_value (builder, years_required >= 0 ? years_required : years_any);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "education_level");
  json_builder_add_string_value (builder,
                                 sl_education_level_to_string (level_required >= 0 ? level_required
                                                               : level_any >= 0 ? level_any : 0));
  add_string_or_null (builder, "location", location);
  json_builder_set_member_name (builder, "remote");
  json_builder_add_boolean_value (builder, g_strcmp0 (work_mode, "remote") == 0);
  add_string_or_null (builder, "work_mode", work_mode);
  json_builder_set_member_name (builder, "salary_min");
  if (currency != NULL)
    json_builder_add_double_value (builder, salary_min);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "salary_max");
  if (currency != NULL)
    json_builder_add_double_value (builder, salary_max);
  else
    json_builder_add_null_value (builder);
  add_string_or_null (builder, "currency", currency);
  add_string_or_null (builder, "seniority", seniority);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}
