#define G_LOG_DOMAIN "sl-resume-parser"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "sl-parse-common.h"
#include "sl-resume-parser.h"
#include "sl-text-util.h"

int
sl_education_level_from_degree (const char *degree)
{
  guint mask = _sl_degree_levels_in (degree, TRUE);

  for (int level = 5; level >= 1; level--)
    if (mask & (1u << level))
      return level;
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

typedef struct
{
  char      *text;       /* trimmed */
  SlSection  section;
  gboolean   heading;
} Line;

typedef struct
{
  GPtrArray *lines;      /* Line* */
  SlMonth    now;
  /* Results */
  char      *name;
  char      *headline;
  char      *location;
  GPtrArray *emails;
  GPtrArray *phones;
  GPtrArray *links;
  GPtrArray *skills;
  GPtrArray *certifications;
  GPtrArray *languages;
  GArray    *experiences;  /* Experience */
  GArray    *education;    /* Education */
  int        level;
  double     years;
} Parse;

typedef struct
{
  char     *title;
  char     *company;
  SlMonth   start;
  SlMonth   end;
  gboolean  current;
} Experience;

typedef struct
{
  char    *degree;
  char    *institution;
  int      level;
  SlMonth  end;
} Education;

static void
line_free (gpointer data)
{
  Line *line = data;

  g_free (line->text);
  g_free (line);
}

static void
experience_clear (gpointer data)
{
  Experience *exp = data;

  g_free (exp->title);
  g_free (exp->company);
}

static void
education_clear (gpointer data)
{
  Education *edu = data;

  g_free (edu->degree);
  g_free (edu->institution);
}

static void
parse_clear (Parse *parse)
{
  g_clear_pointer (&parse->lines, g_ptr_array_unref);
  g_clear_pointer (&parse->name, g_free);
  g_clear_pointer (&parse->headline, g_free);
  g_clear_pointer (&parse->location, g_free);
  g_clear_pointer (&parse->emails, g_ptr_array_unref);
  g_clear_pointer (&parse->phones, g_ptr_array_unref);
  g_clear_pointer (&parse->links, g_ptr_array_unref);
  g_clear_pointer (&parse->skills, g_ptr_array_unref);
  g_clear_pointer (&parse->certifications, g_ptr_array_unref);
  g_clear_pointer (&parse->languages, g_ptr_array_unref);
  g_clear_pointer (&parse->experiences, g_array_unref);
  g_clear_pointer (&parse->education, g_array_unref);
}

static gboolean
str_array_contains_casefold (GPtrArray  *array,
                             const char *value)
{
  for (guint i = 0; i < array->len; i++)
    if (g_ascii_strcasecmp (g_ptr_array_index (array, i), value) == 0)
      return TRUE;
  return FALSE;
}

static void
add_unique (GPtrArray  *array,
            const char *value)
{
  if (value == NULL || value[0] == '\0' || str_array_contains_casefold (array, value))
    return;
  g_ptr_array_add (array, g_strdup (value));
}

/* Regular expressions, compiled once and shared by all threads. */
enum {
  RE_EMAIL,
  RE_URL,
  RE_DOMAIN,
  RE_PHONE,
  N_RES
};

static GRegex *res[N_RES];

static void
ensure_regexes (void)
{
  static gsize initialized = 0;
  static const char * const patterns[N_RES] = {
    [RE_EMAIL] = "[A-Za-z0-9._%+\\-]+@[A-Za-z0-9\\-]+(?:\\.[A-Za-z0-9\\-]+)*\\.[A-Za-z]{2,}",
    [RE_URL] = "(?i)\\b(?:https?://|www\\.)[^\\s<>()|,;\"']+"
               "|\\b(?:[a-z0-9-]+\\.)?(?:linkedin\\.com|github\\.com|gitlab\\.com|bitbucket\\.org|"
               "behance\\.net|dribbble\\.com|medium\\.com|stackoverflow\\.com|twitter\\.com|"
               "kaggle\\.com|x\\.com)/[^\\s<>()|,;\"']+",
    [RE_DOMAIN] = "(?i)(?<![@\\w.-])[a-z0-9][a-z0-9-]*(?:\\.[a-z0-9-]+)*\\."
                  "(?:com|org|net|io|dev|me|co|app|site|page|info|xyz|tech|design)"
                  "(?:/[^\\s<>()|,;\"']*)?(?![\\w@-])",
    [RE_PHONE] = "(?:\\+\\s?\\d{1,3}[\\s.\\-]?)?(?:\\(\\d{1,4}\\)[\\s.\\-]?)?\\d[\\d\\s.\\-]{1,14}\\d",
  };

  if (g_once_init_enter (&initialized))
    {
      for (guint i = 0; i < N_RES; i++)
        {
          res[i] = g_regex_new (patterns[i], G_REGEX_OPTIMIZE, 0, NULL);
          g_assert (res[i] != NULL);
        }
      g_once_init_leave (&initialized, 1);
    }
}

/* Title words: a text segment holding one is likely a job title. */
static const char * const title_words[] = {
  "engineer", "developer", "programmer", "manager", "director", "analyst", "scientist",
  "designer", "architect", "consultant", "specialist", "coordinator", "administrator",
  "officer", "assistant", "associate", "intern", "lead", "head", "vp", "president",
  "ceo", "cto", "cfo", "coo", "cio", "founder", "co-founder", "nurse", "teacher",
  "instructor", "lecturer", "professor", "tutor", "accountant", "auditor", "controller",
  "bookkeeper", "clerk", "recruiter", "representative", "rep", "agent", "executive",
  "technician", "supervisor", "advisor", "adviser", "strategist", "writer", "editor",
  "marketer", "researcher", "fellow", "trainee", "apprentice", "principal", "staff",
  "sre", "tester", "planner", "buyer", "therapist", "physician", "pharmacist",
  "paramedic", "surveyor", "drafter", "draftsman", "machinist", "operator", "mechanic",
  "cashier", "receptionist", "secretary", "generalist", "partner", "lawyer", "attorney",
  "paralegal", "counselor", "counsellor", "educator", "librarian", "owner", "master",
  "practitioner", "midwife", "aide", "volunteer", "contractor", "freelancer",
  "freelance", "trader", "banker", "underwriter", "actuary", "economist", "statistician",
  "copywriter", "photographer", "producer", "investigator", "inspector", "estimator",
  "dispatcher", "chef", "cook", "hygienist", "dentist", "surgeon", "pilot", "mentor",
  "ambassador", "chief", "senior", "junior", "sr", "jr", "webmaster",
  "devops", "qa", "ux", "ui", "hr", "bdr", "sdr",
  NULL
};

static const char * const company_words[] = {
  "inc", "llc", "ltd", "limited", "corp", "corporation", "company", "gmbh", "ag",
  "sa", "plc", "labs", "lab", "technologies", "technology", "solutions", "systems",
  "group", "hospital", "clinic", "university", "college", "school", "academy", "bank",
  "consulting", "partners", "agency", "studio", "studios", "media", "health",
  "healthcare", "foods", "software", "networks", "industries", "holdings", "ventures",
  "capital", "services", "institute", "foundation", "council", "department", "ministry",
  "bv", "srl", "oy", "ab", "pty", "center", "centre", "medical", "pharma", "energy",
  "logistics", "freight", "retail", "store", "stores", "motors", "airlines", "insurance",
  "district", "county", "city", "trust", "nhs", "analytics", "digital", "works",
  NULL
};

static gboolean
word_in_list (const char         *word,
              gsize               len,
              const char * const *list)
{
  for (guint i = 0; list[i] != NULL; i++)
    if (strlen (list[i]) == len && g_ascii_strncasecmp (word, list[i], len) == 0)
      return TRUE;
  return FALSE;
}

static int
count_words_in (const char         *str,
                const char * const *list)
{
  int count = 0;
  const char *p = str;

  while (*p != '\0')
    {
      const char *start;

      while (*p != '\0' && !g_ascii_isalnum (*p))
        p++;
      start = p;
      while (*p != '\0' && (g_ascii_isalnum (*p) || *p == '-'))
        p++;
      if (p > start && word_in_list (start, p - start, list))
        count++;
    }

  return count;
}

static gboolean
has_digits (const char *str,
            guint       at_least)
{
  guint n = 0;

  for (; *str != '\0'; str++)
    if (g_ascii_isdigit (*str) && ++n >= at_least)
      return TRUE;
  return FALSE;
}

/* Splits on the separators people put between a title, a company, a place
 * and dates: " | ", " — ", " – ", " - ", " · ", " • ", ", ", " at ", " @ ". */
static GPtrArray *
split_segments_full (const char *str,
                     gboolean    at_is_separator)
{
  static const char * const seps[] = {
    "  ", " | ", "|", " — ", "—", " – ", " - ", " · ", "·", " • ", "•", ", ", " at ", " @ ", "\t",
    " / ", NULL
  };
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);
  const char *p = str;
  const char *seg = str;
  int depth = 0;

  while (*p != '\0')
    {
      gsize sep_len = 0;

      if (*p == '(')
        depth++;
      else if (*p == ')' && depth > 0)
        depth--;

      if (depth == 0)
        for (guint i = 0; seps[i] != NULL; i++)
          if (strncmp (p, seps[i], strlen (seps[i])) == 0 &&
              (at_is_separator || strcmp (seps[i], " at ") != 0))
            {
              sep_len = strlen (seps[i]);
              break;
            }

      if (sep_len > 0)
        {
          char *item = sl_text_strip_item (seg, p - seg);

          if (item[0] != '\0')
            g_ptr_array_add (out, item);
          else
            g_free (item);
          p += sep_len;
          seg = p;
        }
      else
        p++;
    }

  if (p > seg)
    {
      char *item = sl_text_strip_item (seg, p - seg);

      if (item[0] != '\0')
        g_ptr_array_add (out, item);
      else
        g_free (item);
    }

  return out;
}

static GPtrArray *
split_segments (const char *str)
{
  return split_segments_full (str, TRUE);
}

static gboolean
is_legal_suffix (const char *str)
{
  static const char * const suffixes[] = {
    "inc", "inc.", "llc", "ltd", "ltd.", "corp", "corp.", "co.", "gmbh", "ag", "s.a.",
    "plc", "l.p.", "lp", "llp", "bv", "b.v.", "pty ltd", NULL
  };

  for (guint i = 0; suffixes[i] != NULL; i++)
    if (g_ascii_strcasecmp (str, suffixes[i]) == 0)
      return TRUE;
  return FALSE;
}

/* "Dublin, Ireland", "Austin, TX", "Mountain View, CA, USA". */
static gboolean
looks_like_location (const char *str)
{
  g_auto(GStrv) parts = NULL;
  guint n;

  if (str == NULL || strchr (str, '@') != NULL || strstr (str, "://") != NULL ||
      has_digits (str, 3) || g_utf8_strlen (str, -1) > 60)
    return FALSE;

  parts = g_strsplit (str, ",", -1);
  n = g_strv_length (parts);
  if (n < 2 || n > 4)
    return _sl_is_place_word (g_strstrip (parts[0])) && n == 1 &&
           g_ascii_strcasecmp (parts[0], "remote") != 0 && strlen (parts[0]) > 3;

  for (guint i = 0; i < n; i++)
    {
      const char *part = g_strstrip (parts[i]);
      guint words = 0;

      if (part[0] == '\0' || !g_unichar_isupper (g_utf8_get_char (part)))
        return FALSE;
      for (const char *p = part; *p != '\0'; p++)
        if (*p == ' ')
          words++;
      if (words > 3)
        return FALSE;
    }

  if (count_words_in (str, title_words) > 0 || count_words_in (str, company_words) > 0)
    return FALSE;

  return TRUE;
}

static gboolean
is_name_token (const char *token)
{
  static const char * const particles[] = {
    "van", "von", "de", "da", "del", "der", "den", "di", "du", "dos", "das", "la", "le",
    "bin", "al", "el", "y", "ter", "ten", NULL
  };
  gunichar first = g_utf8_get_char (token);

  for (guint i = 0; particles[i] != NULL; i++)
    if (strcmp (token, particles[i]) == 0)
      return TRUE;

  if (!g_unichar_isupper (first))
    return FALSE;

  for (const char *p = token; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_isalpha (c) && c != '-' && c != '\'' && c != 0x2019 && c != '.')
        return FALSE;
    }

  return TRUE;
}

static char *
title_case_if_shouting (const char *str)
{
  gboolean any_lower = FALSE;
  GString *out;
  gboolean start = TRUE;

  for (const char *p = str; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_islower (g_utf8_get_char (p)))
      any_lower = TRUE;
  if (any_lower)
    return g_strdup (str);

  out = g_string_new (NULL);
  for (const char *p = str; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      g_string_append_unichar (out, start ? c : g_unichar_tolower (c));
      start = !g_unichar_isalpha (c);
    }
  return g_string_free (out, FALSE);
}

static gboolean
looks_like_name (const char *str)
{
  g_auto(GStrv) tokens = NULL;
  guint n = 0, caps = 0;

  if (str == NULL || g_utf8_strlen (str, -1) > 50 || strchr (str, '@') != NULL ||
      has_digits (str, 1) || strchr (str, ':') != NULL || strchr (str, ',') != NULL)
    return FALSE;

  tokens = g_strsplit (str, " ", -1);
  for (guint i = 0; tokens[i] != NULL; i++)
    {
      if (tokens[i][0] == '\0')
        continue;
      if (!is_name_token (tokens[i]))
        return FALSE;
      if (g_unichar_isupper (g_utf8_get_char (tokens[i])))
        caps++;
      n++;
    }

  if (n < 2 || n > 5 || caps < 2)
    return FALSE;

  if (count_words_in (str, title_words) > 0 || count_words_in (str, company_words) > 0)
    return FALSE;

  {
    const char *rest;

    if (_sl_section_from_heading (str, FALSE, &rest) != SL_SECTION_NONE)
      return FALSE;
  }

  return TRUE;
}

/* "## Experience", "### Engineer at Acme", "*Jan 2020 – Present*",
 * "**Skills**": drops the Markdown marks, in place. */
static char *
strip_markdown (char *line)
{
  gsize len;

  if (line[0] == '#')
    {
      char *p = line;

      while (*p == '#')
        p++;
      if (*p == ' ' || *p == '\0')
        {
          while (*p == ' ')
            p++;
          memmove (line, p, strlen (p) + 1);
        }
    }

  len = strlen (line);
  while (len >= 2 && (line[0] == '*' || line[0] == '_') && line[len - 1] == line[0] &&
         line[1] != ' ')
    {
      memmove (line, line + 1, len - 2);
      len -= 2;
      line[len] = '\0';
    }

  return line;
}

static void
split_lines (Parse      *parse,
             const char *text)
{
  g_auto(GStrv) raw = g_strsplit (text, "\n", -1);
  SlSection current = SL_SECTION_HEADER;

  parse->lines = g_ptr_array_new_with_free_func (line_free);

  for (guint i = 0; raw[i] != NULL; i++)
    {
      Line *line;
      const char *rest = NULL;
      SlSection section;
      char *stripped = strip_markdown (g_strstrip (raw[i]));
      gboolean decoration = stripped[0] != '\0';

      /* "=====" or "-----" under a title. */
      for (const char *p = stripped; *p != '\0'; p++)
        if (strchr ("=-_*~#", *p) == NULL && *p != ' ')
          decoration = FALSE;
      if (decoration)
        continue;

      /* "- Leadership" is an item, whatever word it holds. */
      if (_sl_line_is_bullet (stripped))
        section = SL_SECTION_NONE;
      else
        section = _sl_section_from_heading (stripped, FALSE, &rest);

      /* "Portfolio: jane.design" is a contact, not a projects section. */
      if (section == SL_SECTION_PROJECTS && rest != NULL && strchr (rest, ' ') == NULL &&
          strchr (rest, '.') != NULL)
        section = SL_SECTION_NONE;

      /* "Languages: Python, Go" or "Tools: Jira" inside a skills section
       * labels a group of skills; it does not open a new section. */
      if (section != SL_SECTION_NONE && rest != NULL && current == SL_SECTION_SKILLS &&
          (section == SL_SECTION_LANGUAGES || section == SL_SECTION_SKILLS ||
           section == SL_SECTION_CERTIFICATIONS))
        section = SL_SECTION_NONE;

      /* A heading is short; long "Experience: ..." lines are content,
       * unless they are of the "Skills: Python, Go" kind. */
      if (section != SL_SECTION_NONE)
        {
          current = section;
          line = g_new0 (Line, 1);
          line->text = g_strdup (stripped);
          line->section = section;
          line->heading = TRUE;
          g_ptr_array_add (parse->lines, line);

          if (rest != NULL)
            {
              line = g_new0 (Line, 1);
              line->text = g_strdup (rest);
              line->section = section;
              g_ptr_array_add (parse->lines, line);
            }
          continue;
        }

      line = g_new0 (Line, 1);
      line->text = g_strdup (stripped);
      line->section = current;
      g_ptr_array_add (parse->lines, line);
    }
}

static Line *
get_line (Parse *parse,
          guint  i)
{
  return g_ptr_array_index (parse->lines, i);
}

static void
find_contacts (Parse *parse)
{
  ensure_regexes ();

  for (guint i = 0; i < parse->lines->len; i++)
    {
      Line *line = get_line (parse, i);
      g_autoptr(GMatchInfo) match = NULL;
      gboolean contact_zone;
      g_autofree char *lower = NULL;

      if (line->heading)
        continue;

      g_regex_match (res[RE_EMAIL], line->text, 0, &match);
      while (g_match_info_matches (match))
        {
          g_autofree char *email = g_match_info_fetch (match, 0);

          add_unique (parse->emails, email);
          g_match_info_next (match, NULL);
        }
      g_clear_pointer (&match, g_match_info_unref);

      g_regex_match (res[RE_URL], line->text, 0, &match);
      while (g_match_info_matches (match))
        {
          g_autofree char *url = g_match_info_fetch (match, 0);
          gsize len = strlen (url);

          while (len > 0 && strchr (".:)]}", url[len - 1]) != NULL)
            url[--len] = '\0';
          add_unique (parse->links, url);
          g_match_info_next (match, NULL);
        }
      g_clear_pointer (&match, g_match_info_unref);

      lower = g_ascii_strdown (line->text, -1);
      contact_zone = line->section == SL_SECTION_HEADER || line->section == SL_SECTION_CONTACT ||
                     strstr (lower, "phone") != NULL || strstr (lower, "tel") != NULL ||
                     strstr (lower, "mobile") != NULL || strstr (lower, "cell") != NULL;
      if (!contact_zone)
        continue;

      /* Bare personal sites ("jane.dev") only next to the contacts. */
      if (parse->links->len < 6)
        {
          g_regex_match (res[RE_DOMAIN], line->text, 0, &match);
          while (g_match_info_matches (match))
            {
              g_autofree char *domain = g_match_info_fetch (match, 0);
              gboolean known = FALSE;

              for (guint k = 0; k < parse->links->len; k++)
                if (strstr (g_ptr_array_index (parse->links, k), domain) != NULL)
                  known = TRUE;
              if (!known)
                add_unique (parse->links, domain);
              g_match_info_next (match, NULL);
            }
          g_clear_pointer (&match, g_match_info_unref);
        }

      g_regex_match (res[RE_PHONE], line->text, 0, &match);
      while (g_match_info_matches (match))
        {
          g_autofree char *raw = g_match_info_fetch (match, 0);
          g_autofree char *phone = NULL;
          SlMonth a, b;
          gboolean cur;

          /* "2018 - 2020" is a date range, not a number. */
          if (!sl_text_find_date_range (raw, &a, &b, &cur, NULL, NULL) &&
              (phone = sl_resume_normalize_phone (raw)) != NULL)
            add_unique (parse->phones, phone);
          g_match_info_next (match, NULL);
        }
    }
}

static gboolean
is_contact_segment (const char *seg)
{
  g_autofree char *phone = NULL;

  if (strchr (seg, '@') != NULL || strstr (seg, "://") != NULL || strstr (seg, "www.") != NULL ||
      strstr (seg, ".com") != NULL || strstr (seg, ".org") != NULL)
    return TRUE;
  if (has_digits (seg, 7) && (phone = sl_resume_normalize_phone (seg)) != NULL)
    return TRUE;
  return FALSE;
}

static void
strip_zip_code (char *seg)
{
  gsize len = strlen (seg);
  gsize digits = 0;

  while (digits < len && (g_ascii_isdigit (seg[len - 1 - digits]) || seg[len - 1 - digits] == '-'))
    digits++;
  if ((digits == 5 || digits == 10) && len >= digits + 3 && seg[len - digits - 1] == ' ' &&
      g_ascii_isupper (seg[len - digits - 2]) && g_ascii_isupper (seg[len - digits - 3]))
    seg[len - digits - 1] = '\0';
}

static void
find_identity (Parse *parse)
{
  guint header_lines = 0;
  guint name_line = G_MAXUINT;

  for (guint i = 0; i < parse->lines->len && header_lines < 8; i++)
    {
      Line *line = get_line (parse, i);
      g_autoptr(GPtrArray) segs = NULL;
      const char *text = line->text;

      if (line->heading && line->section != SL_SECTION_CONTACT)
        break;
      /* A header line is short; a long one is prose or garbage. */
      if (text[0] == '\0' || strlen (text) > 300)
        continue;
      header_lines++;

      if (g_ascii_strncasecmp (text, "name:", 5) == 0 && parse->name == NULL)
        {
          g_autofree char *name = sl_text_strip_item (text + 5, -1);

          parse->name = title_case_if_shouting (name);
          name_line = i;
          continue;
        }
      if (g_ascii_strncasecmp (text, "location:", 9) == 0 ||
          g_ascii_strncasecmp (text, "address:", 8) == 0)
        {
          const char *value = strchr (text, ':') + 1;

          if (parse->location == NULL)
            parse->location = sl_text_strip_item (value, -1);
          continue;
        }

      segs = split_segments (text);
      /* "Austin, TX 78701": the ZIP code is no part of the place. */
      for (guint k = 0; k < segs->len; k++)
        strip_zip_code (g_ptr_array_index (segs, k));

      for (guint k = 0; k < segs->len; k++)
        {
          const char *seg = g_ptr_array_index (segs, k);

          if (is_contact_segment (seg))
            continue;

          if (parse->name == NULL && looks_like_name (seg))
            {
              parse->name = title_case_if_shouting (seg);
              name_line = i;
              continue;
            }

          if (parse->location == NULL && (i != name_line || k > 0))
            {
              /* "Dublin, Ireland" was split at the comma: try joining. */
              g_autofree char *joined = NULL;
              guint used = 1;

              for (guint m = MIN (segs->len, k + 4); m > k + 1; m--)
                {
                  g_autoptr(GPtrArray) sub = g_ptr_array_new ();

                  for (guint q = k; q < m; q++)
                    g_ptr_array_add (sub, g_ptr_array_index (segs, q));
                  g_ptr_array_add (sub, NULL);
                  g_free (joined);
                  joined = g_strjoinv (", ", (char **)sub->pdata);
                  if (looks_like_location (joined) && strstr (text, joined) != NULL)
                    {
                      used = m - k;
                      break;
                    }
                  g_clear_pointer (&joined, g_free);
                }
              if (joined != NULL)
                {
                  parse->location = g_steal_pointer (&joined);
                  k += used - 1;
                  continue;
                }
              if (looks_like_location (seg))
                {
                  parse->location = g_strdup (seg);
                  continue;
                }
            }

          if (parse->headline == NULL && parse->name != NULL && i >= name_line &&
              count_words_in (seg, title_words) > 0 && g_utf8_strlen (seg, -1) <= 70 &&
              !looks_like_location (seg))
            parse->headline = g_strdup (seg);
        }
    }
}

typedef struct
{
  guint    index;
  SlMonth  start;
  SlMonth  end;
  gboolean current;
  char    *rest;     /* the line without its dates */
} Anchor;

static gboolean
looks_like_entry_header (const char *text)
{
  gsize len = strlen (text);
  guint words = 1;

  if (len == 0 || len > 90 || _sl_line_is_bullet (text))
    return FALSE;
  if (text[len - 1] == '.' && count_words_in (text, company_words) == 0)
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if (*p == ' ')
      words++;
  return words <= 12;
}

static void
assign_title_company (Experience *exp,
                      GPtrArray  *segs)
{
  int best_title = -1, best_score = 0;

  /* Glue legal suffixes back: "ABC Company", "Inc." */
  for (guint i = 1; i < segs->len; i++)
    if (is_legal_suffix (g_ptr_array_index (segs, i)))
      {
        char *merged = g_strdup_printf ("%s, %s", (char *)g_ptr_array_index (segs, i - 1),
                                        (char *)g_ptr_array_index (segs, i));

        g_free (segs->pdata[i - 1]);
        segs->pdata[i - 1] = merged;
        g_ptr_array_remove_index (segs, i);
        i--;
      }

  for (guint i = 0; i < segs->len; i++)
    {
      const char *seg = g_ptr_array_index (segs, i);
      const char *last = strrchr (seg, ' ');
      int score = count_words_in (seg, title_words) * 2 - count_words_in (seg, company_words) * 2;

      /* The last word decides: "Social Media Manager", "Silverleaf Media". */
      last = last != NULL ? last + 1 : seg;
      if (word_in_list (last, strlen (last), title_words))
        score += 3;
      if (word_in_list (last, strlen (last), company_words))
        score -= 3;

      /* On a tie the fuller title wins: "Intern - Applied Scientist". */
      if (best_title < 0 || score > best_score ||
          (score == best_score && strlen (seg) > strlen (g_ptr_array_index (segs, best_title))))
        {
          best_score = score;
          best_title = i;
        }
    }

  if (best_title < 0 && segs->len > 0)
    best_title = 0;
  if (best_title >= 0)
    exp->title = g_strdup (g_ptr_array_index (segs, best_title));

  for (guint i = 0; i < segs->len; i++)
    {
      const char *seg = g_ptr_array_index (segs, i);

      if ((int)i == best_title || _sl_is_place_word (seg) || looks_like_location (seg))
        continue;
      if (g_ascii_strcasecmp (seg, "remote") == 0)
        continue;
      exp->company = g_strdup (seg);
      break;
    }
}

static void
find_experiences (Parse *parse)
{
  g_autoptr(GArray) anchors = g_array_new (FALSE, TRUE, sizeof (Anchor));
  guint last_used = 0;
  gboolean have_section = FALSE;

  for (guint i = 0; i < parse->lines->len; i++)
    if (get_line (parse, i)->section == SL_SECTION_EXPERIENCE)
      have_section = TRUE;

  for (guint i = 0; i < parse->lines->len; i++)
    {
      Line *line = get_line (parse, i);
      Anchor anchor = { 0, };
      gsize a, b;
      g_autofree char *joined = NULL;
      const char *text = line->text;

      if (line->heading || _sl_line_is_bullet (text))
        continue;
      if (have_section ? line->section != SL_SECTION_EXPERIENCE
                       : line->section != SL_SECTION_HEADER && line->section != SL_SECTION_OTHER)
        continue;

      if (!sl_text_find_date_range (text, &anchor.start, &anchor.end, &anchor.current, &a, &b))
        {
          /* "2017 –" here and "Present ..." on the next line (PDF columns). */
          SlMonth m;
          gboolean present;
          gsize n = sl_text_parse_date (text, FALSE, &m, &present);
          const char *p = text + n;

          if (n == 0 || present || i + 1 >= parse->lines->len)
            continue;
          while (*p == ' ')
            p++;
          if (!g_str_has_prefix (p, "–") && !g_str_has_prefix (p, "-") && !g_str_has_prefix (p, "—"))
            continue;
          {
            Line *next = get_line (parse, i + 1);
            SlMonth e;
            gboolean cur;
            gsize k = sl_text_parse_date (next->text, TRUE, &e, &cur);

            if (k == 0 || next->section != line->section)
              continue;
            joined = g_strdup_printf ("%.*s %.*s%s", (int)(p - text + 3), text, (int)k,
                                      next->text, p + (g_str_has_prefix (p, "-") ? 1 : 3));
            if (!sl_text_find_date_range (joined, &anchor.start, &anchor.end, &anchor.current, &a, &b))
              continue;
            text = joined;
          }
        }

      anchor.index = i;
      /* "(Mar 2021 – Present)": the brackets go with the dates. */
      while (a > 0 && text[a - 1] == ' ')
        a--;
      if (a > 0 && (text[a - 1] == '(' || text[a - 1] == '[') && (text[b] == ')' || text[b] == ']'))
        {
          a--;
          b++;
        }
      {
        GString *rest = g_string_new (NULL);

        g_string_append_len (rest, text, a);
        g_string_append (rest, " | ");
        g_string_append (rest, text + b);
        anchor.rest = g_string_free (rest, FALSE);
      }
      g_array_append_val (anchors, anchor);
    }

  for (guint k = 0; k < anchors->len; k++)
    {
      Anchor *anchor = &g_array_index (anchors, Anchor, k);
      g_autoptr(GPtrArray) segs = split_segments (anchor->rest);
      Experience exp = { 0, };
      guint lo = k > 0 ? g_array_index (anchors, Anchor, k - 1).index + 1 : 0;
      guint hi = k + 1 < anchors->len ? g_array_index (anchors, Anchor, k + 1).index : parse->lines->len;
      SlSection section = get_line (parse, anchor->index)->section;
      gboolean has_title;

      lo = MAX (lo, last_used);

      /* Pull the title or company from the short lines right above. */
      has_title = FALSE;
      for (guint s = 0; s < segs->len; s++)
        if (count_words_in (g_ptr_array_index (segs, s), title_words) > 0)
          has_title = TRUE;

      if (segs->len < 2 || !has_title)
        {
          guint added = 0;

          for (guint j = anchor->index; j > lo && added < 2; j--)
            {
              Line *prev = get_line (parse, j - 1);
              g_autoptr(GPtrArray) prev_segs = NULL;

              if (prev->section != section || prev->heading)
                break;
              if (prev->text[0] == '\0')
                {
                  if (added > 0)
                    break;
                  continue;
                }
              if (!looks_like_entry_header (prev->text))
                break;
              prev_segs = split_segments (prev->text);
              for (guint s = prev_segs->len; s > 0; s--)
                g_ptr_array_insert (segs, 0, g_strdup (g_ptr_array_index (prev_segs, s - 1)));
              added++;
            }

          /* Or from the lines right below ("Dates\nTitle\nCompany"). */
          for (guint j = anchor->index + 1; added == 0 && segs->len < 2 && j < hi && j < anchor->index + 3; j++)
            {
              Line *next = get_line (parse, j);
              g_autoptr(GPtrArray) next_segs = NULL;

              if (next->section != section || next->heading || next->text[0] == '\0' ||
                  !looks_like_entry_header (next->text))
                break;
              next_segs = split_segments (next->text);
              for (guint s = 0; s < next_segs->len; s++)
                g_ptr_array_add (segs, g_strdup (g_ptr_array_index (next_segs, s)));
              last_used = j + 1;
            }
        }

      assign_title_company (&exp, segs);
      exp.start = anchor->start;
      exp.end = anchor->end;
      exp.current = anchor->current;
      g_array_append_val (parse->experiences, exp);
    }

  for (guint k = 0; k < anchors->len; k++)
    g_free (g_array_index (anchors, Anchor, k).rest);
}

static void
compute_years (Parse *parse)
{
  g_autofree int *starts = g_new0 (int, parse->experiences->len + 1);
  g_autofree int *ends = g_new0 (int, parse->experiences->len + 1);
  guint n = 0;

  for (guint i = 0; i < parse->experiences->len; i++)
    {
      Experience *exp = &g_array_index (parse->experiences, Experience, i);
      int end = exp->current ? parse->now + 1 : exp->end + 1;

      if (exp->start <= 0 || (!exp->current && exp->end <= 0))
        continue;
      end = MIN (end, parse->now + 1);
      if (end <= exp->start)
        continue;
      starts[n] = exp->start;
      ends[n] = end;
      n++;
    }

  parse->years = ((int)(sl_resume_merge_months (starts, ends, n) / 12.0 * 10 + 0.5)) / 10.0;
}

static gboolean
is_institution (const char *seg)
{
  static const char * const words[] = {
    "university", "college", "institute", "school", "academy", "polytechnic", "universidad",
    "université", "universite", "universität", "hochschule", "conservatory", "iit", "mit",
    "ucla", "seminary", "lyceum", "gymnasium", "campus", NULL
  };
  g_autofree char *lower = g_utf8_strdown (seg, -1);

  for (guint i = 0; words[i] != NULL; i++)
    if (strstr (lower, words[i]) != NULL)
      return TRUE;
  return FALSE;
}

/* "High School Diploma" names a degree, "Central High School" a school. */
static gboolean
is_degree_name (const char *seg)
{
  static const char * const ends[] = {
    "school", "college", "university", "academy", "institute", "polytechnic", NULL
  };
  g_autofree char *lower = NULL;
  const char *last;

  if (sl_education_level_from_degree (seg) < 0)
    return FALSE;
  lower = g_utf8_strdown (seg, -1);
  if (strstr (lower, "diploma") != NULL || strstr (lower, "degree") != NULL)
    return TRUE;
  last = strrchr (lower, ' ');
  last = last != NULL ? last + 1 : lower;
  for (guint i = 0; ends[i] != NULL; i++)
    if (strcmp (last, ends[i]) == 0)
      return FALSE;
  return TRUE;
}

static SlMonth
last_date_in (const char *text)
{
  SlMonth best = 0;
  SlMonth start, end;
  gboolean current;

  if (sl_text_find_date_range (text, &start, &end, &current, NULL, NULL))
    return current ? 0 : end;

  for (const char *p = text; *p != '\0'; p++)
    {
      SlMonth m;
      gboolean present;
      gsize n;

      if (p > text && g_ascii_isalnum (p[-1]))
        continue;
      if ((n = sl_text_parse_date (p, TRUE, &m, &present)) > 0 && !present &&
          !g_ascii_isalnum (p[n]))
        {
          best = m;
          p += n - 1;
        }
    }
  return best;
}

static void
find_education (Parse *parse)
{
  gboolean have_section = FALSE;
  int best = 0;

  for (guint i = 0; i < parse->lines->len; i++)
    if (get_line (parse, i)->section == SL_SECTION_EDUCATION && !get_line (parse, i)->heading)
      have_section = TRUE;

  for (guint i = 0; i < parse->lines->len; i++)
    {
      Line *line = get_line (parse, i);
      gboolean in_section = line->section == SL_SECTION_EDUCATION;
      int level;

      if (line->heading || line->text[0] == '\0')
        continue;
      if (have_section && !in_section)
        continue;
      if (!have_section && line->section != SL_SECTION_HEADER && line->section != SL_SECTION_OTHER &&
          line->section != SL_SECTION_SUMMARY)
        continue;

      level = sl_education_level_from_degree (line->text);
      if (!in_section && level >= 0)
        {
          /* Outside an education section only spelt-out degrees count. */
          guint strict = _sl_degree_levels_in (line->text, FALSE);

          level = -1;
          for (int l = 5; l >= 1 && level < 0; l--)
            if (strict & (1u << l))
              level = l;
        }

      if (level >= 0)
        {
          g_autoptr(GPtrArray) segs = NULL;
          g_autofree char *without_dates = NULL;
          Education edu = { 0, };
          GString *degree = g_string_new (NULL);
          SlMonth a, b;
          gboolean cur;
          gsize s0, s1;

          if (sl_text_find_date_range (line->text, &a, &b, &cur, &s0, &s1))
            without_dates = g_strdup_printf ("%.*s | %s", (int)s0, line->text, line->text + s1);
          else
            without_dates = g_strdup (line->text);

          segs = split_segments_full (without_dates, FALSE);
          for (guint k = 0; k < segs->len; k++)
            {
              const char *seg = g_ptr_array_index (segs, k);
              SlMonth m;
              gboolean present;

              if (is_institution (seg) && edu.institution == NULL && !is_degree_name (seg))
                edu.institution = g_strdup (seg);
              else if (edu.institution == NULL && !looks_like_location (seg) && !_sl_is_place_word (seg) &&
                       sl_text_parse_date (seg, TRUE, &m, &present) == 0 &&
                       g_ascii_strncasecmp (seg, "GPA", 3) != 0)
                {
                  if (degree->len > 0)
                    g_string_append (degree, ", ");
                  g_string_append (degree, seg);
                }
            }

          /* The school often sits on the line above or below. */
          for (int d = -1; d <= 1 && edu.institution == NULL; d += 2)
            {
              int j = (int)i + d;
              Line *other;

              if (j < 0 || j >= (int)parse->lines->len)
                continue;
              other = get_line (parse, j);
              if (other->heading || other->section != line->section)
                continue;
              {
                g_autoptr(GPtrArray) osegs = split_segments_full (other->text, FALSE);

                for (guint k = 0; k < osegs->len && edu.institution == NULL; k++)
                  {
                    const char *oseg = g_ptr_array_index (osegs, k);

                    if (is_institution (oseg) && !is_degree_name (oseg))
                      edu.institution = g_strdup (oseg);
                  }
              }
            }

          edu.degree = g_string_free (degree, degree->len == 0);
          edu.level = level;
          edu.end = last_date_in (line->text);
          if (edu.end == 0 && i + 1 < parse->lines->len && get_line (parse, i + 1)->section == line->section)
            edu.end = last_date_in (get_line (parse, i + 1)->text);
          g_array_append_val (parse->education, edu);
          best = MAX (best, level);
        }
    }

  parse->level = best;
}

static const char * const human_languages[] = {
  "english", "spanish", "french", "german", "italian", "portuguese", "dutch", "swedish",
  "norwegian", "danish", "finnish", "icelandic", "polish", "czech", "slovak", "hungarian",
  "romanian", "bulgarian", "greek", "turkish", "russian", "ukrainian", "serbian",
  "croatian", "bosnian", "slovenian", "albanian", "lithuanian", "latvian", "estonian",
  "arabic", "hebrew", "persian", "farsi", "urdu", "hindi", "bengali", "bangla", "punjabi",
  "gujarati", "marathi", "tamil", "telugu", "kannada", "malayalam", "sinhala", "nepali",
  "chinese", "mandarin", "cantonese", "japanese", "korean", "vietnamese", "thai",
  "indonesian", "malay", "tagalog", "filipino", "swahili", "amharic", "yoruba", "igbo",
  "hausa", "zulu", "xhosa", "afrikaans", "somali", "catalan", "basque", "galician",
  "irish", "welsh", "latin", "esperanto", "sign language", "asl", "bsl", "kurdish",
  "armenian", "georgian", "azerbaijani", "kazakh", "uzbek", "mongolian", "khmer", "lao",
  "burmese", "maori", "samoan", "hawaiian", "creole", "haitian creole", "luxembourgish",
  "maltese", "macedonian", "belarusian", "pashto", "dari", "tigrinya", "wolof", "shona",
  "espanol", "español", "français", "deutsch",
  NULL
};

static char *
match_human_language (const char *item)
{
  g_autofree char *lower = g_utf8_strdown (item, -1);

  for (guint i = 0; human_languages[i] != NULL; i++)
    {
      gsize n = strlen (human_languages[i]);

      if (strncmp (lower, human_languages[i], n) == 0 && !g_ascii_isalpha (lower[n]))
        {
          /* Keep the writer's spelling of the name itself. */
          g_autofree char *name = g_strndup (item, n);

          if (strcmp (human_languages[i], "asl") == 0 || strcmp (human_languages[i], "bsl") == 0)
            return g_ascii_strup (name, -1);
          return title_case_if_shouting (name);
        }
    }
  return NULL;
}

static void
find_lists (Parse           *parse,
            SlSkillTaxonomy *taxonomy)
{
  GString *skills_text = g_string_new (NULL);
  GString *other_text = g_string_new (NULL);

  for (guint i = 0; i < parse->lines->len; i++)
    {
      Line *line = get_line (parse, i);

      if (line->heading || line->text[0] == '\0')
        continue;

      switch ((int)line->section)
        {
        case SL_SECTION_SKILLS:
          {
            /* "Cloud: AWS, GCP": the group label is no skill. */
            const char *colon = strchr (line->text, ':');
            const char *items = line->text;

            if (colon != NULL && colon - line->text <= 30)
              {
                g_autofree char *label = g_strndup (line->text, colon - line->text);

                /* … unless it is one: "Python: advanced". */
                if (taxonomy == NULL || sl_skill_taxonomy_lookup (taxonomy, label) == NULL)
                  items = colon + 1;
              }
            g_string_append (skills_text, items);
            g_string_append_c (skills_text, '\n');
          }
          /* "Languages: English, Spanish" inside a skills section. */
          if (g_ascii_strncasecmp (line->text, "languages", 9) == 0 ||
              g_ascii_strncasecmp (line->text, "spoken languages", 16) == 0)
            {
              const char *colon = strchr (line->text, ':');
              g_auto(GStrv) items = g_strsplit_set (colon ? colon + 1 : "", ",;|/", -1);

              for (guint k = 0; items[k] != NULL; k++)
                {
                  g_autofree char *item = sl_text_strip_item (items[k], -1);
                  g_autofree char *lang = match_human_language (item);

                  add_unique (parse->languages, lang);
                }
            }
          break;

        case SL_SECTION_CERTIFICATIONS:
          {
            g_auto(GStrv) items = g_strsplit (line->text, ";", -1);

            for (guint k = 0; items[k] != NULL; k++)
              {
                g_autofree char *item = sl_text_strip_item (items[k], -1);

                if (g_utf8_strlen (item, -1) >= 2 && g_utf8_strlen (item, -1) <= 120)
                  add_unique (parse->certifications, item);
              }
            g_string_append (other_text, line->text);
            g_string_append_c (other_text, '\n');
          }
          break;

        case SL_SECTION_LANGUAGES:
          {
            g_auto(GStrv) items = g_strsplit_set (line->text, ",;|/•·", -1);

            for (guint k = 0; items[k] != NULL; k++)
              {
                g_autofree char *item = sl_text_strip_item (items[k], -1);
                g_autofree char *lang = match_human_language (item);

                add_unique (parse->languages, lang);
              }
          }
          break;

        case SL_SECTION_EDUCATION:
        case SL_SECTION_INTERESTS:
        case SL_SECTION_REFERENCES:
        case SL_SECTION_CONTACT:
          break;

        case SL_SECTION_HEADER:
          /* Only the headline may name skills here, not the contacts. */
          if (parse->headline != NULL && strstr (line->text, parse->headline) != NULL)
            {
              g_string_append (other_text, parse->headline);
              g_string_append_c (other_text, '\n');
            }
          break;

        default:
          g_string_append (other_text, line->text);
          g_string_append_c (other_text, '\n');
          break;
        }
    }

  if (taxonomy != NULL)
    {
      g_autoptr(GPtrArray) listed = sl_skill_taxonomy_find_in_text (taxonomy, skills_text->str);
      g_autoptr(GPtrArray) mentioned = sl_skill_taxonomy_find_in_text (taxonomy, other_text->str);

      for (guint i = 0; i < listed->len; i++)
        add_unique (parse->skills, g_ptr_array_index (listed, i));
      for (guint i = 0; i < mentioned->len; i++)
        add_unique (parse->skills, g_ptr_array_index (mentioned, i));
    }

  g_string_free (skills_text, TRUE);
  g_string_free (other_text, TRUE);
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

static void
add_month (JsonBuilder *builder,
           const char  *member,
           SlMonth      month)
{
  g_autofree char *str = sl_text_month_to_string (month);

  add_string_or_null (builder, member, str);
}

static void
add_sections (JsonBuilder *builder,
              Parse       *parse)
{
  GString *texts[SL_SECTION_OTHER + 1] = { NULL, };

  for (guint i = 0; i < parse->lines->len; i++)
    {
      Line *line = get_line (parse, i);

      if (line->heading || line->section == SL_SECTION_HEADER || line->section > SL_SECTION_OTHER)
        continue;
      if (texts[line->section] == NULL)
        texts[line->section] = g_string_new (NULL);
      if (line->text[0] == '\0' && texts[line->section]->len == 0)
        continue;
      g_string_append (texts[line->section], line->text);
      g_string_append_c (texts[line->section], '\n');
    }

  json_builder_set_member_name (builder, "sections");
  json_builder_begin_object (builder);
  for (guint s = 0; s <= SL_SECTION_OTHER; s++)
    {
      if (texts[s] == NULL)
        continue;
      g_strstrip (texts[s]->str);
      json_builder_set_member_name (builder, _sl_section_to_string (s));
      json_builder_add_string_value (builder, texts[s]->str);
      g_string_free (texts[s], TRUE);
    }
  json_builder_end_object (builder);
}

static JsonNode *
build_profile (Parse *parse)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  const char *headline = parse->headline;

  /* The headline is the current title when the header gives none. */
  if (headline == NULL)
    for (guint i = 0; i < parse->experiences->len && headline == NULL; i++)
      {
        Experience *exp = &g_array_index (parse->experiences, Experience, i);

        if (exp->current)
          headline = exp->title;
      }
  if (headline == NULL && parse->experiences->len > 0)
    headline = g_array_index (parse->experiences, Experience, 0).title;

  json_builder_begin_object (builder);
  add_string_or_null (builder, "name", parse->name);
  add_string_or_null (builder, "headline", headline);
  add_string_array (builder, "emails", parse->emails);
  add_string_array (builder, "phones", parse->phones);
  add_string_array (builder, "links", parse->links);
  add_string_or_null (builder, "location", parse->location);
  add_string_array (builder, "skills", parse->skills);
  json_builder_set_member_name (builder, "years_experience");
  json_builder_add_double_value (builder, parse->years);
  json_builder_set_member_name (builder, "education_level");
  json_builder_add_string_value (builder, sl_education_level_to_string (parse->level));

  json_builder_set_member_name (builder, "experiences");
  json_builder_begin_array (builder);
  for (guint i = 0; i < parse->experiences->len; i++)
    {
      Experience *exp = &g_array_index (parse->experiences, Experience, i);

      json_builder_begin_object (builder);
      add_string_or_null (builder, "title", exp->title);
      add_string_or_null (builder, "company", exp->company);
      add_month (builder, "start", exp->start);
      add_month (builder, "end", exp->current ? 0 : exp->end);
      json_builder_set_member_name (builder, "current");
      json_builder_add_boolean_value (builder, exp->current);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "education");
  json_builder_begin_array (builder);
  for (guint i = 0; i < parse->education->len; i++)
    {
      Education *edu = &g_array_index (parse->education, Education, i);

      json_builder_begin_object (builder);
      add_string_or_null (builder, "degree", edu->degree);
      add_string_or_null (builder, "institution", edu->institution);
      add_string_or_null (builder, "level", sl_education_level_to_string (edu->level));
      add_month (builder, "end", edu->end);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  add_string_array (builder, "certifications", parse->certifications);
  add_string_array (builder, "languages", parse->languages);
  add_sections (builder, parse);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

JsonNode *
sl_resume_parse_at (const char      *text,
                    SlSkillTaxonomy *taxonomy,
                    int              now_year,
                    int              now_month)
{
  g_autofree char *clean = NULL;
  g_autofree char *unsplit = NULL;
  Parse parse = { 0, };
  JsonNode *ret;

  g_return_val_if_fail (taxonomy == NULL || SL_IS_SKILL_TAXONOMY (taxonomy), NULL);

  clean = sl_text_sanitize (text);
  /* Two columns laid side by side: read the left one, then the right. */
  unsplit = _sl_text_unsplit_columns (clean);

  parse.now = now_year > 0 ? SL_MONTH (now_year, CLAMP (now_month, 1, 12)) : sl_text_month_now ();
  parse.emails = g_ptr_array_new_with_free_func (g_free);
  parse.phones = g_ptr_array_new_with_free_func (g_free);
  parse.links = g_ptr_array_new_with_free_func (g_free);
  parse.skills = g_ptr_array_new_with_free_func (g_free);
  parse.certifications = g_ptr_array_new_with_free_func (g_free);
  parse.languages = g_ptr_array_new_with_free_func (g_free);
  parse.experiences = g_array_new (FALSE, TRUE, sizeof (Experience));
  g_array_set_clear_func (parse.experiences, experience_clear);
  parse.education = g_array_new (FALSE, TRUE, sizeof (Education));
  g_array_set_clear_func (parse.education, education_clear);

  split_lines (&parse, unsplit != NULL ? unsplit : clean);
  find_contacts (&parse);
  find_identity (&parse);
  find_experiences (&parse);
  compute_years (&parse);
  find_education (&parse);
  find_lists (&parse, taxonomy);

  ret = build_profile (&parse);
  parse_clear (&parse);

  return ret;
}

JsonNode *
sl_resume_parse (const char      *text,
                 SlSkillTaxonomy *taxonomy)
{
  return sl_resume_parse_at (text, taxonomy, 0, 0);
}
